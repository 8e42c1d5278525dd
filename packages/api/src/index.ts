export { appRouter, createCaller, type AppRouter } from "./root";
export type { AccessNotifier, ApiContext, ApiServices, CookieJar, CookieOptions } from "./context";
export type { Access, ProcedureMeta } from "./trpc";
export { createHttpContext, createPageContext, requestOrigin } from "./http-context";
export { setSessionCookie } from "./session-cookie";
export { AccessRefused, twoFactorRequired } from "./middleware";
export { ActorCache } from "./actor-cache";
export { BulkRunner, type BulkRunnerDeps } from "./bulk/runner";
export { upgradeAgent, upgradeParams, type AgentReleaseSource } from "./agent-upgrade";
