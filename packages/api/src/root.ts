import { t } from "./trpc";
import { authRouter } from "./routers/auth";
import { hostsRouter } from "./routers/hosts";
import { engineRouter } from "./routers/engine";
import { containersRouter } from "./routers/containers";
import { containerFilesRouter } from "./routers/container-files";
import { imagesRouter } from "./routers/images";
import { registriesRouter } from "./routers/registries";
import { alertsRouter } from "./routers/alerts";
import { networksRouter } from "./routers/networks";
import { volumesRouter } from "./routers/volumes";
import { usersRouter } from "./routers/users";
import { teamsRouter } from "./routers/teams";
import { grantsRouter, hostGroupsRouter, rolesRouter } from "./routers/roles";
import { meRouter } from "./routers/me";
import { auditRouter } from "./routers/audit";
import { settingsRouter } from "./routers/settings";
import { bulkRouter } from "./routers/bulk";
import { eventsRouter } from "./routers/events";
import { fleetRouter } from "./routers/fleet";
import { ssoRouter } from "./routers/sso";
import { backupsRouter } from "./routers/backups";
import { updatesRouter } from "./routers/updates";
import { stacksRouter } from "./routers/stacks";

export const appRouter = t.router({
  auth: authRouter,
  hosts: hostsRouter,
  engine: engineRouter,
  containers: containersRouter,
  containerFiles: containerFilesRouter,
  updates: updatesRouter,
  images: imagesRouter,
  registries: registriesRouter,
  alerts: alertsRouter,
  networks: networksRouter,
  volumes: volumesRouter,
  users: usersRouter,
  teams: teamsRouter,
  roles: rolesRouter,
  grants: grantsRouter,
  hostGroups: hostGroupsRouter,
  me: meRouter,
  audit: auditRouter,
  settings: settingsRouter,
  bulk: bulkRouter,
  events: eventsRouter,
  fleet: fleetRouter,
  sso: ssoRouter,
  backups: backupsRouter,
  stacks: stacksRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = t.createCallerFactory(appRouter);
