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
