import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "shell-quote";
import { AGENT_ENV_VARS, loadConfig } from "@dockmaster/agent";
import { AGENT_IMAGE, enrollCommands } from "./enroll-commands";

const repo = (path: string) => readFileSync(fileURLToPath(new URL(`../../../../${path}`, import.meta.url)), "utf8");
const TOKEN = "k3Jx_9-abc.DEF";
/** "K=V" words into an environment. */
const envOf = (words: string[]): NodeJS.ProcessEnv => Object.fromEntries(words.map((w): [string, string] => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)])) as NodeJS.ProcessEnv;

/** The ENV lines of one Dockerfile stage, as the image would set them. */
function stageEnv(dockerfile: string, stage: string): Record<string, string> {
  const body = dockerfile.split(/^FROM /m).find((s) => new RegExp(`\\bAS ${stage}\\s*$`, "m").test(s.split("\n")[0] ?? "")) ?? "";
  const env: Record<string, string> = {};
  for (const line of body.split("\n").filter((l) => l.startsWith("ENV "))) {
    for (const pair of line.slice(4).trim().split(/\s+/)) {
      const [k, ...v] = pair.split("=");
      env[k!] = v.join("=");
    }
  }
  return env;
}

describe("enrollment commands", () => {
  const { docker } = enrollCommands({ serverUrl: "http://dockmaster.example:3000", token: TOKEN });

  it("docker run: the agent image this repo builds, with only variables the agent accepts", () => {
    const words = parse(docker).map(String);
    expect(words.slice(0, 2)).toEqual(["docker", "run"]);
    expect(words.at(-1)).toBe(AGENT_IMAGE);
    const dockerfile = repo("Dockerfile");
    expect(dockerfile).toMatch(/^FROM \S+ AS agent$/m);
    expect(dockerfile).toContain(`docker build --target agent -t ${AGENT_IMAGE} .`);
    expect(repo("docker-compose.yml")).toContain(`image: ${AGENT_IMAGE}`);

    const passed = envOf(words.filter((_, i) => words[i - 1] === "-e"));
    expect(Object.keys(passed).every((k) => AGENT_ENV_VARS.includes(k))).toBe(true);
    const imageEnv = stageEnv(dockerfile, "agent");
    const config = loadConfig({ ...imageEnv, ...passed });
    expect(config).toMatchObject({ serverUrl: "http://dockmaster.example:3000", enrollToken: TOKEN, statePath: "/data/agent-credentials.json", docker: { dockerHost: "unix:///var/run/docker.sock" } });
    // the state path is on the volume the command mounts, and the socket is mounted where DOCKER_HOST says
    expect(words).toContain("dockmaster-agent:/data");
    expect(words).toContain("/var/run/docker.sock:/var/run/docker.sock");
  });

  it("docker run: the image's unprivileged user gets the group owning the mounted socket", () => {
    const groupAdd = /--group-add ("[^"]*"|\S+)/.exec(docker);
    // substituted by the shell on the host where the line runs (shell-quote leaves $(…) to it)
    expect(groupAdd?.[1]).toBe('"$(stat -c %g /var/run/docker.sock)"');
    expect(repo("Dockerfile")).toMatch(/^USER 10001:10001$/m);
  });

  it("install: the control plane's own install script, the token as its one argument", () => {
    const { install, uninstall } = enrollCommands({ serverUrl: "http://dockmaster.example:3000/", token: TOKEN });
    const words = parse(install).map(String);
    expect(words.slice(0, 3)).toEqual(["curl", "-fsSL", "http://dockmaster.example:3000/agent/install.sh"]);
    expect(words.slice(-5)).toEqual(["sh", "-s", "--", "--token", TOKEN]);
    expect(parse(uninstall)).toEqual(["curl", "-fsSL", "http://dockmaster.example:3000/agent/uninstall.sh", { op: "|" }, "sh"]);
  });

  it("quotes what a shell would split", () => {
    const odd = enrollCommands({ serverUrl: "http://h:1/x y", token: "a'b" });
    expect(parse(odd.docker).map(String)).toContain("DOCKMASTER_ENROLL_TOKEN=a'b");
    expect(parse(odd.install).map(String)).toContain("a'b");
  });
});
