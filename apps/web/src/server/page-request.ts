import { AsyncLocalStorage } from "node:async_hooks";
import type { ApiContext, AppRouter } from "@dockmaster/api";

/**
 * What a page being rendered may ask the API, in-process: the router and the request's context
 * (its session, resolved on first use). The HTTP handler opens one around each page request; the
 * server components of that page read it to send their first data with the HTML.
 */
export interface PageRequest {
  router: AppRouter;
  context(): Promise<ApiContext>;
}

/*
 * On globalThis: Next compiles its own copy of this module into the page bundle, and that copy must
 * see the storage the server's copy (routes.ts) fills.
 */
const KEY = Symbol.for("dockmaster.pageRequest");
const holder = globalThis as { [KEY]?: AsyncLocalStorage<PageRequest> };
const storage = (holder[KEY] ??= new AsyncLocalStorage<PageRequest>());

/** Runs `render` (Next's handler) with `request` visible to the page's server components. */
export function withPageRequest<T>(request: PageRequest, render: () => T): T {
  return storage.run(request, render);
}

/** The page request being rendered; null outside one (e.g. `next build` prerendering a static page). */
export function currentPageRequest(): PageRequest | null {
  return storage.getStore() ?? null;
}
