import { describe, expect, it } from "vitest";
import { redactParams } from "./redact";
import { shownParams } from "./shown-params";

/** How the code before the rule stored params over 8,000 characters: raw JSON text, cut, unparseable. */
const oldTruncated = (params: unknown, cut?: number) => {
  const text = JSON.stringify(params);
  return JSON.stringify({ truncated: text.slice(0, cut ?? Math.min(text.length, 8_000)) });
};
const shownText = (stored: string) => (JSON.parse(shownParams(stored)) as { truncated: string }).truncated;
const filler = "x".repeat(9_000);
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEsekretbody\n-----END RSA PRIVATE KEY-----";

describe("shown params of a record stored truncated before the rule", () => {
  it("redacts secret-named keys, env values and PEM keys in the cut text, keeping the rest", () => {
    const stored = oldTruncated({
      hostId: "h1", password: "hunter2", tokenId: "tok_1", code: 123456, recoveryCodes: ["a1b2", "c3d4"],
      spec: { image: "db", env: ["DB_PASSWORD=hunter3", "FROM_HOST", "X=a=b"], environment: { PORT: "5432" }, note: PEM, cmd: 'echo "password": "not-a-key"' },
      services: [{ env: [{ name: "A", value: "v1" }] }], filler,
    });
    const text = shownText(stored);
    for (const secret of ["hunter2", "hunter3", "123456", "a1b2", "5432", "v1", "MIIEsekretbody", "a=b"]) expect(text).not.toContain(secret);
    expect(text).toContain('"password":"[redacted]"');
    expect(text).toContain('"code":"[redacted]"');
    expect(text).toContain('"tokenId":"tok_1"');
    expect(text).toContain('"env":["DB_PASSWORD=[redacted]","FROM_HOST","X=[redacted]"]');
    expect(text).toContain('"env":[{"name":"A","value":"[redacted]"}]');
    expect(text).toContain('"note":"[redacted]"');
    expect(text).toContain('"cmd":"echo \\"password\\": \\"not-a-key\\""');
  });

  it("redacts a value cut off at the end of the text", () => {
    const head = JSON.stringify({ filler: "y".repeat(100) }).slice(0, -1);
    expect(shownText(oldTruncated({ filler: "y".repeat(100), password: "hunter2hunter2" }, head.length + 18))).toBe(`${head},"password":"[redacted]"`);
    expect(shownText(oldTruncated({ filler: "y".repeat(100), env: ["A=1", "DB_PASSWORD=hunter2hunter2"] }, head.length + 30))).not.toContain("hunt");
    expect(shownText(oldTruncated({ filler: "y".repeat(100), key: PEM }, head.length + 60))).not.toContain("MIIE");
    expect(shownText(oldTruncated({ filler: "y".repeat(100), note: PEM }, head.length + 60))).not.toContain("MIIE");
  });

  it("redacts whole a cut text it cannot read as JSON", () => {
    expect(shownText(JSON.stringify({ truncated: 'abc "password":"hunter2"' }))).toBe("[redacted]");
  });

  it("leaves a record truncated under the current rule exactly as stored (its hash still matches)", () => {
    const stored = redactParams({ password: "hunter2", env: ["DB_PASSWORD=hunter3"], filler });
    expect(stored).not.toContain("hunter");
    expect(JSON.parse(stored)).toHaveProperty("truncated");
    expect(shownParams(stored)).toBe(stored);
    // Cut inside a redacted value: still the stored text.
    for (const cut of [7_990, 7_995, 8_000]) {
      const fill = "z".repeat(cut - 25);
      const cutStored = redactParams({ fill, password: "p", env: ["DB_PASSWORD=p"], more: filler });
      expect(shownParams(cutStored)).toBe(cutStored);
    }
  });

  it("new records: redaction happens before truncation, so a secret past the cut never reaches the text", () => {
    const stored = redactParams({ filler: "w".repeat(7_980), password: "hunter2hunter2", env: ["DB_PASSWORD=hunter2hunter2"], key: PEM });
    expect(JSON.parse(stored)).toHaveProperty("truncated");
    expect(stored).not.toContain("hunt");
    expect(stored).not.toContain("MIIE");
  });
});
