import { describe, expect, it } from "vitest";
import { parseRequest, REQUEST_TYPES, RequestParams, RequestResults } from "./requests";

describe("parseRequest", () => {
  it("accepts a well-formed request and applies defaults", () => {
    const parsed = parseRequest({ id: "r1", type: "container.remove", params: { id: "web" } });
    expect(parsed).toEqual({ ok: true, id: "r1", type: "container.remove", params: { id: "web", force: false } });
  });

  it("names an unknown request type", () => {
    const parsed = parseRequest({ id: "r2", type: "container.explode", params: {} });
    expect(parsed).toEqual({ ok: false, id: "r2", error: { code: "UNKNOWN_REQUEST", message: 'unknown request type "container.explode"' } });
  });

  it("names the invalid field", () => {
    const parsed = parseRequest({ id: "r3", type: "container.stop", params: { id: "web", timeoutSeconds: -1 } });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe("BAD_REQUEST");
      expect(parsed.error.message).toContain("timeoutSeconds");
    }
  });

  it("rejects unexpected params instead of ignoring them", () => {
    const parsed = parseRequest({ id: "r4", type: "container.start", params: { id: "web", privileged: true } });
    expect(parsed.ok).toBe(false);
  });

  it("rejects ids that could escape the Engine API path", () => {
    for (const id of ["../../images/json", "web/../../info", "web?force=1"]) {
      expect(parseRequest({ id: "r5", type: "container.inspect", params: { id } }).ok).toBe(false);
    }
  });

  it.each([null, 42, "text", { type: "engine.info" }, { id: 7, type: "engine.info" }])("refuses a malformed envelope %j", (raw) => {
    const parsed = parseRequest(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe("BAD_REQUEST");
  });

  it("has a result schema for every request type", () => {
    expect(Object.keys(RequestResults).sort()).toEqual([...REQUEST_TYPES].sort());
    expect(REQUEST_TYPES.length).toBe(Object.keys(RequestParams).length);
  });
});
