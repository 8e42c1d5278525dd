import Docker from "dockerode";

/**
 * Shares one run of `work` among the callers of a burst. A call made while no run is in flight
 * starts one; a call made while a run is in flight waits for the NEXT run (started once the
 * current one ends, so it sees every change made before the call), and every caller waiting for
 * that next run shares it. N calls at once cost at most two runs, and no caller gets a result
 * older than its call.
 */
export function coalesced<T>(work: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const run = work();
    running = run;
    const done = () => {
      if (running === run) running = null;
    };
    run.then(done, done);
    return run;
  };
  return () => {
    if (next) return next; // already waiting for a run that starts after this call
    if (!running) return start();
    next = running.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      next = null;
      return start();
    });
    return next;
  };
}

/**
 * `system df` walks every image, container and volume on the engine, and volume lists, disk
 * usage and prune previews all ask for it: one engine's callers share runs (see coalesced), so a
 * burst of volume events, or several browsers refreshing at once, costs one or two, not one each.
 */
export function shareDiskUsage(docker: Docker): Docker {
  const df = coalesced(() => Docker.prototype.df.call(docker) as Promise<unknown>);
  docker.df = (() => df()) as Docker["df"];
  return docker;
}
