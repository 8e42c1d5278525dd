"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { EMPTY_TLS, EngineAddressFields, tlsFor } from "./EngineAddressFields";
import { Button, ErrorBanner } from "./ui";

/**
 * Moves a direct engine to another address: its in-process agent reconnects there (same host,
 * same history). TLS material is never sent back, so a tcp address needs it entered again.
 */
export function DirectEngineAddressForm({ hostId, currentUrl }: { hostId: string; currentUrl: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(currentUrl);
  const [tls, setTls] = useState(EMPTY_TLS);
  const move = useMutation(
    trpc.hosts.setDirectEngineAddress.mutationOptions({
      onSuccess: () => {
        setTls(EMPTY_TLS);
        void queryClient.invalidateQueries(trpc.hosts.pathFilter());
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    move.mutate({ hostId, url, tls: tlsFor(url, tls) });
  };
  return (
    <form onSubmit={submit} className="max-w-2xl space-y-3" data-testid="direct-engine-address">
      <p className="text-xs text-zinc-400">The engine this host is. The TLS material is stored encrypted and never shown again: enter it with every tcp:// address.</p>
      <EngineAddressFields url={url} onUrl={setUrl} tls={tls} onTls={setTls} />
      {move.error && <ErrorBanner message={move.error.message} />}
      {move.isSuccess && <p className="text-xs text-emerald-400">Saved: the agent reconnects to {move.variables?.url}.</p>}
      <Button type="submit" variant="primary" disabled={move.isPending}>
        Move engine
      </Button>
    </form>
  );
}
