import { SimAgent, type SimAgentOptions } from "./agent";
import type { SimHostCredentials } from "./hosts";

/** Many simulated agents, connected a bounded number at a time (a thundering herd measures the herd). */
export async function connectFleet(
  url: string,
  hosts: SimHostCredentials[],
  options: { concurrency?: number; agent?: (host: SimHostCredentials) => Partial<SimAgentOptions>; onFailures?: (failures: Error[]) => void } = {},
): Promise<SimAgent[]> {
  const agents: SimAgent[] = new Array<SimAgent>(hosts.length);
  let next = 0;
  const failures: Error[] = [];
  const worker = async () => {
    while (next < hosts.length) {
      const i = next++;
      const host = hosts[i]!;
      // A busy server may let a handshake time out: try again (twice) before calling it a failure.
      for (let attempt = 1; attempt <= 3; attempt++) {
        try {
          agents[i] = await SimAgent.connect({ url, credentials: host, ...options.agent?.(host) });
          break;
        } catch (error) {
          if (attempt === 3 || (error as { code?: string }).code) failures.push(error as Error);
          if ((error as { code?: string }).code) break; // refused for a reason: retrying cannot help
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 50, hosts.length) }, worker));
  if (failures.length && options.onFailures) {
    // The caller reports them (a benchmark level that could not connect everyone): keep the rest.
    options.onFailures(failures);
    return agents.filter(Boolean);
  }
  if (failures.length) {
    for (const agent of agents) agent?.close();
    throw new Error(`${failures.length} of ${hosts.length} simulated agents failed to connect; first: ${failures[0]!.message}`);
  }
  return agents;
}

/** Closes every agent of a fleet. */
export function closeFleet(agents: Iterable<SimAgent | undefined>): void {
  for (const agent of agents) agent?.close();
}
