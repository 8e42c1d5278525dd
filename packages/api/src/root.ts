import { t } from "./trpc";
import { authRouter } from "./routers/auth";
import { hostsRouter } from "./routers/hosts";
import { engineRouter } from "./routers/engine";
import { containersRouter } from "./routers/containers";
import { imagesRouter } from "./routers/images";

export const appRouter = t.router({
  auth: authRouter,
  hosts: hostsRouter,
  engine: engineRouter,
  containers: containersRouter,
  images: imagesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = t.createCallerFactory(appRouter);
