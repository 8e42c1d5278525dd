import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createEnrollmentToken } from "@dockmaster/core";
import { createDatabase } from "@dockmaster/db";

/**
 * Engine 2 as the shared host "second": the agent state rbac.spec enrolled is reused (an engine
 * already enrolled is not enrolled again: its engine ID is recognised), or it is enrolled now.
 * The caller stops the returned agent.
 */
export async function startSecondAgent(baseURL: string | undefined, dockerHost: string): Promise<ChildProcess> {
  const state = join(process.env.E2E_DATA_DIR!, "second-agent.json");
  let token: string | undefined;
  if (!existsSync(state)) {
    const database = createDatabase(`file:${join(process.env.E2E_DATA_DIR!, "dockmaster.db")}`);
    token = (await createEnrollmentToken(database.prisma, { hostName: "second" })).token;
    await database.close();
  }
  return spawn(process.execPath, ["--import", "tsx", "apps/agent/src/main.ts"], {
    env: { ...process.env, DOCKMASTER_URL: baseURL, DOCKER_HOST: dockerHost, DOCKMASTER_AGENT_STATE: state, ...(token ? { DOCKMASTER_ENROLL_TOKEN: token } : {}) },
    stdio: "ignore",
  });
}
