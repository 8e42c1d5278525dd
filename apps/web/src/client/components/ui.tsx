"use client";
import type { ComponentProps, ReactNode } from "react";

/** Small visual primitives shared by every page. */

const tones = {
  green: "bg-emerald-500/15 text-emerald-300 ring-emerald-500/30",
  red: "bg-rose-500/15 text-rose-300 ring-rose-500/30",
  amber: "bg-amber-500/15 text-amber-300 ring-amber-500/30",
  zinc: "bg-zinc-500/15 text-zinc-300 ring-zinc-500/30",
  blue: "bg-sky-500/15 text-sky-300 ring-sky-500/30",
} as const;
export type Tone = keyof typeof tones;

/** `live`: a state that changes while one watches (a build, a stream): read out when it does. */
export function Badge({ tone, children, testId, live }: { tone: Tone; children: ReactNode; testId?: string; live?: boolean }) {
  return (
    <span data-testid={testId} role={live ? "status" : undefined} className={`inline-flex items-center gap-1 rounded px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>
      {children}
    </span>
  );
}

export function stateTone(state: string): Tone {
  if (state === "running") return "green";
  if (state === "paused" || state === "restarting") return "amber";
  if (state === "dead" || state === "removing") return "red";
  return "zinc";
}

export function Button({ variant = "default", className = "", ...props }: ComponentProps<"button"> & { variant?: "default" | "primary" | "danger" | "subtleDanger" }) {
  const look = {
    default: "bg-zinc-800 hover:bg-zinc-700 text-zinc-100 ring-zinc-700",
    primary: "bg-sky-700 hover:bg-sky-600 text-on-accent ring-sky-500",
    danger: "bg-rose-700 hover:bg-rose-800 text-on-accent ring-rose-600",
    // Destructive but repeated on every row: quiet until hovered.
    subtleDanger: "bg-zinc-800 hover:bg-rose-700 text-rose-300 hover:text-on-accent ring-zinc-700",
  }[variant];
  return <button {...props} className={`touch-target rounded px-2.5 py-1 text-xs font-medium ring-1 ring-inset disabled:cursor-not-allowed disabled:opacity-40 ${look} ${className}`} />;
}

export function Spinner() {
  return <span aria-hidden className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-zinc-500 border-t-sky-300" />;
}

export function ErrorBanner({ message, onClose }: { message: string; onClose?: () => void }) {
  return (
    <div role="alert" className="flex items-start justify-between gap-4 rounded border border-rose-700/60 bg-rose-950/60 px-4 py-3 text-sm text-rose-200">
      <span className="mono whitespace-pre-wrap">{message}</span>
      {onClose && (
        <button onClick={onClose} className="text-rose-300 hover:text-white" aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  );
}

export function Card({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <section className="rounded-lg border border-zinc-800 bg-zinc-900/60 p-4">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-400">{title}</h3>
      <div className="mt-2 text-sm">{children}</div>
      {hint && <p className="mt-2 text-xs leading-relaxed text-zinc-500">{hint}</p>}
    </section>
  );
}

/** `phoneHidden`: column titles whose column the rows hide below the sm breakpoint too. */
export function Table({ head, children, empty, phoneHidden = [] }: { head: string[]; children: ReactNode; empty?: ReactNode; phoneHidden?: string[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-800">
      <table className="w-full text-left text-sm">
        <thead className="bg-zinc-900 text-xs uppercase tracking-wide text-zinc-400">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className={`px-3 py-2 font-medium ${phoneHidden.includes(h) ? "max-sm:hidden" : ""}`}>
                {/* A column without a visible title (the row's buttons) still has a name. */}
                {h || <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-800/80">{children}</tbody>
      </table>
      {empty}
    </div>
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type QueryErrorLike = { message: string; data?: { code?: string } | null };

/**
 * A failed query. "Host is offline" (PRECONDITION_FAILED) is expected while the agent is away and
 * the host header already says so, so it is shown as a quiet notice rather than an alarm.
 */
export function QueryError({ error }: { error: QueryErrorLike | null | undefined }) {
  if (!error) return null;
  if (error.data?.code === "PRECONDITION_FAILED") {
    return (
      <p role="status" className="rounded border border-zinc-800 bg-zinc-900/60 px-4 py-3 text-sm text-zinc-400">
        {error.message}. This view needs a live connection to the host&apos;s agent.
      </p>
    );
  }
  return <ErrorBanner message={error.message} />;
}
