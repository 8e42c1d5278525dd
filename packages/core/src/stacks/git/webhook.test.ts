import { describe, expect, it } from "vitest";
import { newWebhookSecret, signBody, validSignature } from "./webhook";

describe("webhook signatures", () => {
  const secret = newWebhookSecret();
  const body = Buffer.from(JSON.stringify({ ref: "refs/heads/main" }));
  it("accepts the HMAC-SHA256 of the body with the stack's secret", () => {
    expect(validSignature(secret, body, signBody(secret, body))).toBe(true);
    expect(validSignature(secret, body, signBody(secret, body).toUpperCase().replace("SHA256=", "sha256="))).toBe(true);
  });
  it("refuses another secret, another body, a missing or malformed header", () => {
    expect(validSignature(secret, body, signBody(newWebhookSecret(), body))).toBe(false);
    expect(validSignature(secret, Buffer.from("{}"), signBody(secret, body))).toBe(false);
    expect(validSignature(secret, body, undefined)).toBe(false);
    expect(validSignature(secret, body, "sha1=abc")).toBe(false);
    expect(validSignature(secret, body, signBody(secret, body).slice(0, -1))).toBe(false);
  });
});
