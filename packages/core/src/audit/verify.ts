import type { Db } from "@dockmaster/db";
import { anchorFileText, describeMissing, type AnchorSigner, type SignedAuditAnchor } from "./anchor";
import { auditHash, GENESIS_HASH } from "./canonical";

export interface AuditVerifyCommon {
  /** Records verified in order, from record 1. */
  count: number;
  /** The newest record found, or null for an empty trail. */
  head: { seq: number; hash: string } | null;
  /** Trusted anchors checked (stored ones signed with this server's key, plus files given). */
  anchors: number;
  /** The newest record a trusted anchor covers (null: none yet). */
  anchoredSeq: number | null;
  /** When the chain verified and a key is known: its head, signed now, as an anchor file to keep elsewhere. */
  signedHeadFile: string | null;
  /** Every problem found, the first one first (empty when ok). */
  problems: string[];
  /** What could not be checked (no key; anchors signed with another key). */
  warnings: string[];
}
export type AuditVerifyResult =
  | (AuditVerifyCommon & { ok: true })
  | (AuditVerifyCommon & {
      ok: false;
      /** The first record that is wrong or missing. */
      brokenAt: number;
      reason: string;
      /** Records cut off the end of the chain (the head went backwards). */
      missing?: { from: number; to: number; count: number };
    });

interface Problem {
  at: number;
  reason: string;
  missing?: { from: number; to: number; count: number };
}

export interface VerifyOptions {
  /** Checks anchor signatures, and signs the verified head; null: anchors are checked against the chain only. */
  signer: AnchorSigner | null;
  /** The newest record this process itself wrote or anchored: the head must not be below it. */
  witnessSeq: number;
  /** Anchors an operator exported earlier (audit:verify --anchor FILE). */
  exported?: SignedAuditAnchor[];
}

const when = (time: Date) => time.toISOString();

/**
 * Walks the chain in order and checks it against its anchors. Reports the first record whose link
 * or hash does not hold, a stored record that differs from what an anchor signed, a forged or
 * unlinked anchor, and a head below what an anchor (or this process) saw: records missing at the end.
 */
export async function verifyAuditChain(db: Db, options: VerifyOptions): Promise<AuditVerifyResult> {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const { signer } = options;

  // 1. The stored anchors: signed with our key, and each linked to the one before it.
  const stored = await db.auditAnchor.findMany({ orderBy: { id: "asc" } });
  const trusted: Array<SignedAuditAnchor & { label: string }> = [];
  let otherKey = 0;
  stored.forEach((anchor, i) => {
    const label = `the anchor of ${when(anchor.time)} (record ${anchor.seq})`;
    const previous = i > 0 ? stored[i - 1]!.signature : null;
    if (anchor.prevSignature !== previous) {
      problems.push({ at: anchor.seq, reason: i === 0 ? `anchors older than ${label} were deleted` : `${label} does not follow the anchor before it: anchors between them were deleted` });
    }
    if (signer && anchor.keyId !== signer.keyId) {
      otherKey += 1;
      return;
    }
    if (signer && !signer.verify(anchor)) {
      problems.push({ at: anchor.seq, reason: `${label}: its signature does not match (altered or forged)` });
      return;
    }
    trusted.push({ ...anchor, label });
  });
  if (!signer && stored.length) warnings.push("no secret key: the anchors' signatures were not checked (set DOCKMASTER_SECRET_KEY or DOCKMASTER_DATA_DIR)");
  if (otherKey) warnings.push(`${otherKey} anchor(s) signed with another key were not checked (was the secret key replaced?)`);
  for (const anchor of options.exported ?? []) {
    const label = `the exported anchor of ${when(anchor.time)} (record ${anchor.seq})`;
    if (!signer) warnings.push(`${label}: its signature was not checked (no secret key)`);
    else if (anchor.keyId !== signer.keyId || !signer.verify(anchor)) {
      problems.push({ at: anchor.seq, reason: `${label}: its signature does not match this server's key (altered, forged, or another installation's)` });
      continue;
    }
    trusted.push({ ...anchor, label });
  }
  const anchorsAt = new Map<number, Array<(typeof trusted)[number]>>();
  for (const a of trusted) anchorsAt.set(a.seq, [...(anchorsAt.get(a.seq) ?? []), a]);

  // 2. The chain, in order, against the anchors that fall inside it.
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let head: { seq: number; hash: string } | null = null;
  walk: for (let cursor = 0; ; ) {
    const page = await db.auditEvent.findMany({ where: { seq: { gt: cursor } }, orderBy: { seq: "asc" }, take: 1_000 });
    if (page.length === 0) break;
    for (const row of page) {
      const broken = row.seq !== expectedSeq ? `expected record ${expectedSeq}, found ${row.seq} (missing or reordered)` : row.prevHash !== prevHash ? "prevHash does not match the previous record" : auditHash(row) !== row.hash ? "record content does not match its hash" : null;
      if (broken) {
        problems.unshift({ at: row.seq, reason: broken });
        break walk;
      }
      const differing = anchorsAt.get(row.seq)?.find((a) => a.hash !== row.hash);
      if (differing) {
        problems.unshift({ at: row.seq, reason: `record ${row.seq} does not match ${differing.label}: the chain was rewritten at or before record ${row.seq}` });
        break walk;
      }
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
      cursor = row.seq;
      head = { seq: row.seq, hash: row.hash };
    }
  }

  // 3. The head against the newest anchor and what this process wrote: records cut off the end.
  const headSeq = head?.seq ?? 0;
  const newest = trusted.reduce<(typeof trusted)[number] | null>((best, a) => (!best || a.seq > best.seq ? a : best), null);
  if (newest && newest.seq > headSeq) {
    problems.push({ at: headSeq + 1, reason: `the chain ends at record ${headSeq}, but ${newest.label} covers ${newest.count} records: ${describeMissing(headSeq + 1, newest.seq)}`, missing: { from: headSeq + 1, to: newest.seq, count: newest.seq - headSeq } });
  } else if (options.witnessSeq > headSeq) {
    problems.push({ at: headSeq + 1, reason: `the chain ends at record ${headSeq}, but this server wrote record ${options.witnessSeq}: ${describeMissing(headSeq + 1, options.witnessSeq)}`, missing: { from: headSeq + 1, to: options.witnessSeq, count: options.witnessSeq - headSeq } });
  }
  if (!signer) warnings.push("no secret key: the head was not signed");
  else if (!newest && headSeq > 0) warnings.push("no anchor yet: a cut at the end of the chain cannot be detected before the first one");

  const common: AuditVerifyCommon = {
    count,
    head,
    anchors: trusted.length,
    anchoredSeq: newest?.seq ?? null,
    signedHeadFile: null,
    problems: problems.map((p) => p.reason),
    warnings,
  };
  const first = problems[0];
  if (first) return { ...common, ok: false, brokenAt: first.at, reason: first.reason, ...(first.missing ? { missing: first.missing } : {}) };
  if (signer && head) {
    common.signedHeadFile = anchorFileText(signer.sign({ seq: head.seq, count: head.seq, hash: head.hash, time: new Date(), prevSignature: stored.at(-1)?.signature ?? null }));
  }
  return { ...common, ok: true };
}
