"use client";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { TextField } from "../components/forms";
import { Button, ErrorBanner } from "../components/ui";

/** The LDAP test button: what the directory holds for a user (entry, email, groups) and the teams it would give. */
export function LdapTest({ providerId }: { providerId: string }) {
  const trpc = useTRPC();
  const test = useMutation(trpc.sso.testLdap.mutationOptions());
  const [username, setUsername] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    test.mutate({ providerId, username });
  };
  const r = test.data;
  return (
    <div className="space-y-2">
      <form onSubmit={submit} className="flex max-w-md items-end gap-2">
        <div className="flex-1"><TextField label="Look up a user" value={username} onChange={(e) => setUsername(e.target.value)} required /></div>
        <Button type="submit" disabled={test.isPending}>Test</Button>
      </form>
      {test.error && <ErrorBanner message={test.error.message} />}
      {r && (
        <dl className="grid max-w-xl grid-cols-[8rem_1fr] gap-1 text-sm" data-testid="ldap-test-result">
          {r.found ? (
            <>
              <dt className="text-zinc-500">Entry</dt><dd className="font-mono text-xs">{r.dn}</dd>
              <dt className="text-zinc-500">Email</dt><dd>{r.email ?? "—"}</dd>
              <dt className="text-zinc-500">Groups</dt><dd>{r.groups.join(", ") || "none"}</dd>
              <dt className="text-zinc-500">Teams</dt><dd>{r.teams.join(", ") || "none"}</dd>
            </>
          ) : (
            <dd className="col-span-2 text-amber-300">No entry (or more than one) matches this user.</dd>
          )}
        </dl>
      )}
    </div>
  );
}
