/**
 * The one-line commands the Add host dialog prints, all at the control plane's public URL (the
 * setting; the browser's address only while it is unset): the install script served by the control
 * plane (downloads the agent, checks its SHA-256, writes its credentials, starts it), the agent
 * image as the alternative (`docker build --target agent -t dockmaster-agent .` — see the
 * Dockerfile), and the uninstall script. Only variables the agent's config accepts are set.
 * The agent image runs as an unprivileged user (10001): `--group-add` gives it the group that owns
 * the docker socket on that host, found there when the line runs.
 */
export const AGENT_IMAGE = "dockmaster-agent";

/** Quotes a value for a POSIX shell unless it is plainly safe. */
function sh(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function enrollCommands(input: { serverUrl: string; token: string }): { install: string; docker: string; uninstall: string } {
  const base = input.serverUrl.replace(/\/+$/, "");
  const env = { DOCKMASTER_URL: base, DOCKMASTER_ENROLL_TOKEN: input.token };
  const pairs = Object.entries(env).map(([k, v]) => `${k}=${sh(v)}`);
  return {
    install: `curl -fsSL ${sh(`${base}/agent/install.sh`)} | sh -s -- --token ${sh(input.token)}`,
    docker: `docker run -d --name dockmaster-agent --restart unless-stopped --group-add "$(stat -c %g /var/run/docker.sock)" -v /var/run/docker.sock:/var/run/docker.sock -v dockmaster-agent:/data ${pairs.map((p) => `-e ${p}`).join(" ")} ${AGENT_IMAGE}`,
    uninstall: `curl -fsSL ${sh(`${base}/agent/uninstall.sh`)} | sh`,
  };
}
