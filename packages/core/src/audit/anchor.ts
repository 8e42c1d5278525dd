import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Anchors of the audit chain. The hash chain proves every record follows the one before it, but
 * not that the chain still ends where it ended: records cut off its end leave a shorter chain that
 * verifies. An anchor is a signed statement of the head — "the chain held `count` records, the
 * newest being `seq` with hash `hash`, at `time`" — HMAC-SHA256-signed with a key derived from
 * the server's secret key (which the database does not hold), so whoever can only write the
 * database cannot forge one. Anchors are kept in their own table, linked (prevSignature), and can
 * be exported to a file an operator keeps elsewhere (like CloudTrail's digest files).
 */
export const ANCHOR_FORMAT = "dockmaster-audit-anchor/v1";

export interface AuditAnchorFields {
  seq: number;
  count: number;
  hash: string;
  time: Date;
  prevSignature: string | null;
}

export interface SignedAuditAnchor extends AuditAnchorFields {
  keyId: string;
  signature: string;
}

/** The signing key: HKDF of the server's secret key, so the AES key and the HMAC key differ. */
export class AnchorSigner {
  private readonly key: Buffer;
  readonly keyId: string;

  constructor(secretKey: Buffer) {
    this.key = Buffer.from(hkdfSync("sha256", secretKey, Buffer.alloc(0), "dockmaster audit anchor v1", 32));
    this.keyId = createHmac("sha256", this.key).update("key id").digest("hex").slice(0, 16);
  }

  sign(fields: AuditAnchorFields): SignedAuditAnchor {
    return { ...fields, keyId: this.keyId, signature: this.mac(fields) };
  }

  /** True when `anchor` was signed with this key and not changed since. */
  verify(anchor: AuditAnchorFields & { signature: string }): boolean {
    const expected = Buffer.from(this.mac(anchor), "hex");
    const given = Buffer.from(anchor.signature, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(f: AuditAnchorFields): string {
    const canonical = JSON.stringify([ANCHOR_FORMAT, f.seq, f.count, f.hash, f.time.toISOString(), f.prevSignature]);
    return createHmac("sha256", this.key).update(canonical).digest("hex");
  }
}

/** An exported anchor file: one JSON object. */
export const AnchorFile = z
  .object({
    format: z.literal(ANCHOR_FORMAT),
    seq: z.number().int().min(0),
    count: z.number().int().min(0),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    time: z.iso.datetime().transform((t) => new Date(t)),
    keyId: z.string().max(64),
    prevSignature: z.string().max(128).nullable(),
    signature: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export function anchorFileText(anchor: SignedAuditAnchor): string {
  const { seq, count, hash, time, keyId, prevSignature, signature } = anchor;
  return `${JSON.stringify({ format: ANCHOR_FORMAT, seq, count, hash, time: time.toISOString(), keyId, prevSignature, signature }, null, 2)}\n`;
}

/** Parses an exported anchor file; throws an Error naming what is wrong. */
export function parseAnchorFile(text: string): SignedAuditAnchor {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error("not JSON");
  }
  const parsed = AnchorFile.safeParse(json);
  if (!parsed.success) throw new Error(`not an audit anchor: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ")}`);
  const { format: _format, ...anchor } = parsed.data;
  return anchor;
}

/** "record 21 is missing" / "records 21–70 (50) are missing". */
export function describeMissing(from: number, to: number): string {
  return from === to ? `record ${from} is missing` : `records ${from}–${to} (${to - from + 1}) are missing`;
}
