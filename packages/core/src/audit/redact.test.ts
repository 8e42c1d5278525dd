import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AnchorSigner, anchorFileText, parseAnchorFile } from "./anchor";
import { isSecretKey, redactParams } from "./redact";

const redacted = (params: unknown) => JSON.parse(redactParams(params)) as unknown;

describe("the audit redaction rule", () => {
  it.each(["password", "currentPassword", "new_password", "code", "recoveryCodes", "challenge", "token", "totp", "otp", "secret", "clientSecret", "apiKey", "key", "privateKey", "authorization", "registryAuth", "credentials", "cookie", "pin", "DB_PASSWORD", "passphrase"])("%s is a secret key", (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(["tokenId", "keyId", "secretName", "recoveryCodesLeft", "totpRequired", "totpEnabledAt", "exitCode", "statusCode", "hostId", "id", "name", "image", "author", "keyboard", "monkey", "env"])("%s is not a secret key", (key) => {
    expect(isSecretKey(key)).toBe(false);
  });

  it("keeps env keys and drops their values, in every shape env takes, at any depth", () => {
    expect(redacted({ hostId: "h1", spec: { image: "db", env: ["DB_PASSWORD=hunter2", "EMPTY=", "FROM_HOST", "X=a=b"] } })).toEqual({
      hostId: "h1",
      spec: { image: "db", env: ["DB_PASSWORD=[redacted]", "EMPTY=[redacted]", "FROM_HOST", "X=[redacted]"] },
    });
    expect(redacted({ environment: { DB_PASSWORD: "hunter2", PORT: 5432 } })).toEqual({ environment: { DB_PASSWORD: "[redacted]", PORT: "[redacted]" } });
    expect(redacted({ services: [{ env: [{ name: "A", value: "1" }, { key: "B", value: "2" }] }] })).toEqual({ services: [{ env: [{ name: "A", value: "[redacted]" }, { key: "B", value: "[redacted]" }] }] });
    expect(redacted({ envFile: undefined, env: "A=1\n# comment\nB=2" })).toEqual({ env: "A=[redacted]\n# comment\nB=[redacted]" });
    expect(redacted({ buildArgs: { NPM_TOKEN: "npm_abc" } })).toEqual({ buildArgs: { NPM_TOKEN: "[redacted]" } });
  });

  it("redacts a whole secret value (arrays and objects too) and PEM private keys anywhere", () => {
    expect(redacted({ recoveryCodes: ["a1b2-c3d4", "e5f6-g7h8"], tls: { ca: "CA", cert: "CERT", key: "KEY" } })).toEqual({ recoveryCodes: "[redacted]", tls: { ca: "CA", cert: "CERT", key: "[redacted]" } });
    expect(redacted({ note: "-----BEGIN RSA PRIVATE KEY-----\nabc" })).toEqual({ note: "[redacted]" });
    expect(redacted({ tokenId: "tok_1", exitCode: 137 })).toEqual({ tokenId: "tok_1", exitCode: 137 });
  });

  it("makes every string and key well-formed", () => {
    expect(redactParams({ "\ud800": ["a\udc00", { b: "\u{1F600}" }] })).toBe(JSON.stringify({ "\ufffd": ["a\ufffd", { b: "\u{1F600}" }] }));
  });
});

describe("audit anchors", () => {
  const signer = new AnchorSigner(randomBytes(32));
  const anchor = signer.sign({ seq: 7, count: 7, hash: "a".repeat(64), time: new Date("2026-12-01T00:00:00Z"), prevSignature: null });

  it("verify only what this key signed, unchanged", () => {
    expect(signer.verify(anchor)).toBe(true);
    expect(signer.verify({ ...anchor, seq: 8 })).toBe(false);
    expect(signer.verify({ ...anchor, count: 6 })).toBe(false);
    expect(new AnchorSigner(randomBytes(32)).verify(anchor)).toBe(false);
  });

  it("round-trip through the exported file; a bad file is refused naming the field", () => {
    expect(parseAnchorFile(anchorFileText(anchor))).toEqual(anchor);
    expect(() => parseAnchorFile(JSON.stringify({ ...JSON.parse(anchorFileText(anchor)), seq: "7" }))).toThrow(/seq/);
    expect(() => parseAnchorFile("{")).toThrow("not JSON");
  });
});
