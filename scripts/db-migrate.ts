// npm run db:migrate: applies committed migrations to DATABASE_URL (default: the embedded SQLite file).
import { resolve } from "node:path";
import { migrate } from "@dockmaster/db/migrate";

const url = process.env.DATABASE_URL ?? `file:${resolve(process.env.DOCKMASTER_DATA_DIR ?? "./data", "dockmaster.db")}`;
const applied = await migrate(url);
console.log(applied.length ? `db:migrate: applied ${applied.join(", ")}` : "db:migrate: database is up to date");
