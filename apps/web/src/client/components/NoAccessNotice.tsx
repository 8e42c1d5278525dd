"use client";
import type { ReactNode } from "react";

/** What a user sees who holds host.view on no host (and nothing host-bound was asked for them). */
export const NO_HOST_ACCESS = "You have no access to any host yet — ask an admin for a grant.";

/**
 * Shown instead of a page's content when the user may not see any of it: the page then asks the
 * server nothing it would refuse (each refusal is a denial in the audit trail, and denials from
 * users merely browsing would hide real attacks).
 */
export function NoAccessNotice({ children = NO_HOST_ACCESS, detail, testId = "no-access" }: { children?: ReactNode; detail?: ReactNode; testId?: string }) {
  return (
    <div className="rounded border border-zinc-800 px-4 py-8 text-center text-sm text-zinc-400" data-testid={testId}>
      <p className="text-zinc-200">{children}</p>
      {detail && <p className="mt-1 text-xs text-zinc-500">{detail}</p>}
    </div>
  );
}
