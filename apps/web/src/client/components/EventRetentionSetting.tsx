"use client";
import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Button, ErrorBanner } from "./ui";

/** How long engine events are kept (settings.manage); older ones are pruned hourly. */
export function EventRetentionSetting() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const [days, setDays] = useState("");
  const stored = settings.data?.eventRetentionDays;
  useEffect(() => {
    if (stored !== undefined) setDays(String(stored));
  }, [stored]);
  const update = useMutation(trpc.settings.update.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.settings.get.pathFilter()) }));
  return (
    <form className="flex flex-wrap items-center gap-2 text-sm" onSubmit={(e) => (e.preventDefault(), update.mutate({ eventRetentionDays: Number(days) }))}>
      <label htmlFor="event-retention">Keep engine events for</label>
      <input id="event-retention" type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} className="w-20 rounded border border-zinc-700 bg-zinc-950 px-2 py-1 text-sm" />
      <span>days (older events are deleted every hour)</span>
      <Button type="submit" disabled={!settings.data || update.isPending || days === String(stored)}>
        Save
      </Button>
      {update.error && <ErrorBanner message={update.error.message} onClose={() => update.reset()} />}
    </form>
  );
}
