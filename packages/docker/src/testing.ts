import { Readable } from "node:stream";
import tar from "tar-stream";
import { connect, engineConfigFromEnv } from "./connection";

// Test helpers (imported as @dockmaster/docker/testing by integration tests, never by the app).

/** A tar build context from file contents, as the Engine API's POST /build wants it. */
export async function tarContext(files: Record<string, string>): Promise<Readable> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
  return Readable.from([Buffer.concat(chunks)]);
}

/**
 * Builds `files` (with a Dockerfile among them) as `tag` on the engine at `dockerHost` with the
 * Engine API's POST /build (dockerode directly: no dependency on the app's build stream).
 */
export async function buildTestImage(dockerHost: string, tag: string, files: Record<string, string>): Promise<string> {
  const docker = connect(engineConfigFromEnv({ dockerHost }));
  const body = await docker.buildImage(await tarContext(files), { t: tag, rm: true, forcerm: true });
  const messages = await new Promise<Array<{ error?: string; aux?: { ID?: string } }>>((resolve, reject) =>
    docker.modem.followProgress(body, (error: Error | null, output: Array<{ error?: string; aux?: { ID?: string } }>) => (error ? reject(error) : resolve(output))),
  );
  const failed = messages.find((m) => m.error);
  if (failed) throw new Error(`building ${tag} failed: ${failed.error}`);
  const id = messages.findLast((m) => m.aux?.ID)?.aux?.ID;
  if (!id) throw new Error(`building ${tag} produced no image id`);
  return id;
}

export const FLAG_CONTENT = "FLAG{deleted-but-still-shipped}\n";

/**
 * The whiteout lesson as an image: a file added in one step, deleted in the next (a `.wh.` entry
 * in that layer; the bytes stay in the lower one), then a metadata-only step.
 */
export function flagImageFiles(baseImage: string): Record<string, string> {
  return {
    Dockerfile: `FROM ${baseImage}\nADD flag.txt /flag.txt\nRUN rm /flag.txt\nENV X=1\n`,
    "flag.txt": FLAG_CONTENT,
  };
}
