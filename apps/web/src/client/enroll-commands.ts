/**
 * The one-line commands that start an agent on a new host with a one-time token: from a
 * Dockmaster checkout with Node, or as the agent image (`docker build --target agent -t
 * dockmaster-agent .` — see the Dockerfile). Only variables the agent's config accepts are set.
 */
export const AGENT_IMAGE = "dockmaster-agent";

/** Quotes a value for a POSIX shell unless it is plainly safe. */
function sh(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function enrollCommands(input: { serverUrl: string; token: string }): { node: string; docker: string } {
  const env = { DOCKMASTER_URL: input.serverUrl, DOCKMASTER_ENROLL_TOKEN: input.token };
  const pairs = Object.entries(env).map(([k, v]) => `${k}=${sh(v)}`);
  return {
    node: `${pairs.join(" ")} DOCKMASTER_AGENT_STATE=./data/agent-credentials.json DOCKER_HOST=unix:///var/run/docker.sock node --import tsx apps/agent/src/main.ts`,
    // --network host: the agent reaches the control plane at the same address as this browser does.
    docker: `docker run -d --name dockmaster-agent --restart unless-stopped --network host -v /var/run/docker.sock:/var/run/docker.sock -v dockmaster-agent:/data ${pairs.map((p) => `-e ${p}`).join(" ")} ${AGENT_IMAGE}`,
  };
}
