"use client";
import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Button, ErrorBanner } from "../components/ui";

/**
 * The control plane's public URL (settings.manage): the address every other machine reaches it at
 * (the load balancer's, with several instances). Every printed command and agent download uses it.
 */
export function PublicUrlSetting() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const stored = settings.data?.publicUrl ?? "";
  const [url, setUrl] = useState("");
  useEffect(() => setUrl(stored), [stored]);
  const update = useMutation(trpc.settings.update.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.settings.get.pathFilter()) }));
  return (
    <form className="flex flex-wrap items-center gap-2 text-sm" onSubmit={(e) => (e.preventDefault(), update.mutate({ publicUrl: url.trim() === "" ? null : url.trim() }))}>
      <label htmlFor="public-url">Public URL of this control plane</label>
      <input id="public-url" type="url" placeholder="https://dockmaster.example.com" value={url} onChange={(e) => setUrl(e.target.value)} className="w-96 rounded border border-zinc-700 bg-zinc-950 px-2 py-1 text-sm" />
      <Button type="submit" disabled={!settings.data || update.isPending || url.trim() === stored}>
        Save
      </Button>
      <span className="w-full text-xs text-zinc-500">Used in the install commands of Add host and by agents downloading upgrades{stored ? "" : " — not set: the browser's address is used"}.</span>
      {update.error && <ErrorBanner message={update.error.message} onClose={() => update.reset()} />}
    </form>
  );
}
