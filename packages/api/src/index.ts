export { appRouter, createCaller, type AppRouter } from "./root";
export type { AccessNotifier, ApiContext, ApiServices, CookieJar, CookieOptions } from "./context";
export type { Access, ProcedureMeta } from "./trpc";
export { createHttpContext, createPageContext } from "./http-context";
export { AccessRefused, twoFactorRequired } from "./middleware";
export { ActorCache } from "./actor-cache";
export { BulkRunner, type BulkRunnerDeps } from "./bulk/runner";
export type { StackEngine, ApplyRequest, ApplyProgress, ApplySummary, StackLifecycleAction } from "./stacks/engine";
export { gitAutoDeployer } from "./stacks/auto-deploy";
