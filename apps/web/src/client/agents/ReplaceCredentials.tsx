"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { enrollCommands } from "../enroll-commands";
import { CommandBlock } from "../components/AddHost";
import { Button, ErrorBanner } from "../components/ui";

/**
 * For an agent that lost its secret: a one-time token that re-enrolls THIS host (same engine ID)
 * with new credentials, instead of enrolling the engine again as a second host.
 */
export function ReplaceCredentials({ hostId, hostName }: { hostId: string; hostName: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const replace = useMutation(trpc.hosts.replaceCredentials.mutationOptions());
  if (!replace.data) {
    return (
      <>
        <Button onClick={() => replace.mutate({ hostId })} disabled={replace.isPending} aria-label={`Replace agent credentials of ${hostName}`}>
          Replace credentials…
        </Button>
        {replace.error && <ErrorBanner message={replace.error.message} onClose={() => replace.reset()} />}
      </>
    );
  }
  const commands = enrollCommands({ serverUrl: settings.data?.publicUrl ?? window.location.origin, token: replace.data.token });
  return (
    <div className="max-w-md text-xs text-zinc-300" data-testid="replace-credentials">
      Run on {hostName}&apos;s machine (same Docker engine): its agent gets new credentials and this host keeps its history. Works once, until {replace.data.expiresAt.toLocaleTimeString()}.
      <CommandBlock title="Reinstall with new credentials" text={commands.install} testId="replace-credentials-command" />
    </div>
  );
}
