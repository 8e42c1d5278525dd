import type { Db, DbTransaction } from "@dockmaster/db";

/**
 * The transaction's client, shaped as the full client for code that takes a `Db`: its own
 * `$transaction` (batch or callback) simply runs inside the outer transaction, which already
 * gives it all-or-nothing.
 */
export function transactionalDb(tx: DbTransaction): Db {
  const db: Db = new Proxy(tx, {
    get(target, property, receiver) {
      if (property === "$transaction") {
        return async (arg: unknown) => {
          if (typeof arg === "function") return (arg as (client: Db) => Promise<unknown>)(db);
          const results: unknown[] = [];
          for (const query of arg as Array<Promise<unknown>>) results.push(await query);
          return results;
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  }) as unknown as Db;
  return db;
}
