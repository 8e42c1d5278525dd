"use client";
import { retryUiSocket, useLiveStatus } from "../socket";
import type { HostSubscription } from "../live-updates";

/** Where the push channel stands: tables are only as fresh as this says. */
export function LiveIndicator({ subscription }: { subscription?: HostSubscription }) {
  const status = useLiveStatus();
  const denied = subscription && !subscription.ok ? subscription.error : null;
  if (status.state === "live" && !denied) {
    return (
      <span className="inline-flex items-center gap-1.5 text-xs text-emerald-300" title="Engine events are pushed over socket.io; tables refresh when the engine reports a change.">
        <span className="h-1.5 w-1.5 rounded-full bg-emerald-400" />
        live
      </span>
    );
  }
  const text =
    denied !== null
      ? `live updates refused: ${denied}`
      : status.state === "connecting"
        ? "connecting live updates…"
        : status.state === "reconnecting"
          ? "live updates interrupted, reconnecting…"
          : status.state === "partial"
            ? "live updates incomplete: the control-plane instances cannot reach each other; the page refreshes when they can"
          : `live updates stopped${status.error ? ` (${status.error})` : ""}`;
  return (
    <span role="status" className="inline-flex items-center gap-1.5 text-xs text-amber-300">
      <span className="h-1.5 w-1.5 rounded-full bg-amber-400" />
      {text}
      {status.state === "failed" && (
        <button type="button" onClick={retryUiSocket} className="underline hover:text-amber-100">
          retry
        </button>
      )}
    </span>
  );
}
