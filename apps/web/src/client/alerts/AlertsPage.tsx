"use client";
import { useGlobalPermissions, useAnywherePermissions } from "../permissions";
import { ChannelsSection } from "./ChannelsSection";
import { OpenAlerts } from "./OpenAlerts";
import { RulesSection } from "./RulesSection";
import { useAlertsLive } from "./use-alerts-live";

/** Alerts (live), rules and channels. Viewing needs alert.view; changing anything alert.manage (both global). */
export function AlertsPage() {
  const global = useGlobalPermissions();
  const mayManage = global.has("alert.manage");
  const mayViewHosts = useAnywherePermissions().has("host.view");
  useAlertsLive();
  if (!global.has("alert.view")) return <p className="text-sm text-zinc-400">You may not view alerts (permission alert.view).</p>;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold text-white">Alerts</h1>
        <p className="mt-1 max-w-3xl text-xs text-zinc-500">
          Raised from engine events and host status by the rules below, and delivered from a persisted outbox: retried with backoff for two hours, each message sent once across control-plane instances.
          Repeats of an open alert count on it instead of sending again.
        </p>
      </div>
      <OpenAlerts mayManage={mayManage} mayViewHosts={mayViewHosts} />
      <RulesSection mayManage={mayManage} />
      <ChannelsSection mayManage={mayManage} />
    </div>
  );
}
