"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Button } from "../components/ui";

/**
 * A user's email in the admin's user list, editable in place: single sign-on links an existing
 * account by it (when a provider allows linking and has verified the email).
 */
export function UserEmailCell({ userId, username, email }: { userId: string; username: string; email: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(email ?? "");
  const save = useMutation(
    trpc.users.setEmail.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        void queryClient.invalidateQueries(trpc.users.list.pathFilter());
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ userId, email: value.trim() === "" ? null : value.trim() });
  };
  if (!editing) {
    return (
      <span className="flex items-center gap-2">
        <span className="text-zinc-400">{email ?? "—"}</span>
        <Button onClick={() => (setValue(email ?? ""), setEditing(true))} aria-label={`Edit the email of ${username}`}>
          Edit
        </Button>
      </span>
    );
  }
  return (
    <form onSubmit={submit} className="flex items-center gap-2">
      <input
        type="email"
        autoFocus
        aria-label={`Email of ${username}`}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        className="w-48 rounded border border-zinc-700 bg-zinc-950 px-2 py-1 text-sm"
      />
      <Button type="submit" disabled={save.isPending} aria-label={`Save the email of ${username}`}>
        Save
      </Button>
      <Button type="button" onClick={() => setEditing(false)}>
        Cancel
      </Button>
      {save.error && <span role="alert" className="text-xs text-rose-400">{save.error.message}</span>}
    </form>
  );
}
