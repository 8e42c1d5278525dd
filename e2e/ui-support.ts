import { expect, type Page } from "@playwright/test";

/**
 * Calls a tRPC mutation from inside the signed-in page (same origin, its session cookie), for
 * setup steps a spec does not exercise through the UI. Returns the procedure's JSON result.
 */
export async function trpcMutation<T = unknown>(page: Page, path: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([p, body]) => {
      const response = await fetch(`/api/trpc/${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: body }) });
      return { status: response.status, body: (await response.json()) as { result?: { data?: { json?: unknown } } } };
    },
    [path, input] as const,
  );
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body.result?.data?.json as T;
}

/** Calls a tRPC query from inside the signed-in page (its session cookie). Returns the procedure's JSON result. */
export async function trpcQuery<T = unknown>(page: Page, path: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([p, body]) => {
      const response = await fetch(`/api/trpc/${p}?input=${encodeURIComponent(JSON.stringify({ json: body }))}`);
      return { status: response.status, body: (await response.json()) as { result?: { data?: { json?: unknown } } } };
    },
    [path, input] as const,
  );
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body.result?.data?.json as T;
}

type AuditPage = { items: Array<{ seq: number; action: string; result: string }> };

/** The newest audit record's seq, as the admin reads it (0 if none). */
export async function lastAuditSeq(admin: Page): Promise<number> {
  const page = await trpcQuery<AuditPage>(admin, "audit.list", { limit: 1 });
  return page.items[0]?.seq ?? 0;
}

/** The user's denied calls recorded after `afterSeq`, as the admin reads them. */
export async function denialsSince(admin: Page, username: string, afterSeq: number): Promise<string[]> {
  const page = await trpcQuery<AuditPage>(admin, "audit.list", { actor: username, result: "denied", limit: 100 });
  return page.items.filter((r) => r.seq > afterSeq).map((r) => r.action);
}
