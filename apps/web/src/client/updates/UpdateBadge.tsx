"use client";
import { Badge } from "../components/ui";

export interface UpdateStatusView {
  state: "available" | "current" | "notCheckable" | "failed" | "unchecked";
  reason?: string;
  remoteDigest?: string;
  checkedAt?: Date | string;
}

const short = (digest?: string) => (digest ? digest.replace(/^sha256:/, "").slice(0, 12) : "");

/**
 * The update status of a container or an image tag: "update available" stands out; the others are
 * quiet, and their reason (not checkable: why; failed: the registry's answer) is in the tooltip.
 */
export function UpdateBadge({ status }: { status: UpdateStatusView | undefined }) {
  if (!status || status.state === "unchecked") return null;
  const title = status.reason ?? (status.remoteDigest ? `registry: ${short(status.remoteDigest)}` : undefined);
  const badge = {
    available: <Badge tone="amber" testId="update-available">update available</Badge>,
    current: <Badge tone="green" testId="update-current">up to date</Badge>,
    notCheckable: <Badge tone="zinc" testId="update-not-checkable">not checkable</Badge>,
    failed: <Badge tone="red" testId="update-failed">check failed</Badge>,
  }[status.state];
  return <span title={title}>{badge}</span>;
}
