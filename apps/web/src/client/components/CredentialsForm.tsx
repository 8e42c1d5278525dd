"use client";
import { useState, type FormEvent } from "react";
import { Button, ErrorBanner } from "./ui";

/** Username + password form used by first-run setup (with confirmation) and login. */
export function CredentialsForm({ submitLabel, confirm, pending, error, onSubmit }: {
  submitLabel: string;
  confirm?: boolean;
  pending: boolean;
  error: string | null;
  onSubmit: (values: { username: string; password: string }) => void;
}) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (confirm && password !== repeat) return setLocalError("the two passwords differ");
    setLocalError(null);
    onSubmit({ username: username.trim(), password });
  };
  const field = "mt-1 w-full rounded border border-zinc-700 bg-zinc-950 px-3 py-2 text-sm outline-none focus:border-sky-500";
  return (
    <form onSubmit={submit} className="space-y-4">
      <label className="block text-sm">
        Username
        <input className={field} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required />
      </label>
      <label className="block text-sm">
        Password
        <input className={field} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete={confirm ? "new-password" : "current-password"} required />
      </label>
      {confirm && (
        <label className="block text-sm">
          Confirm password
          <input className={field} type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" required />
        </label>
      )}
      {(localError ?? error) && <ErrorBanner message={(localError ?? error)!} />}
      <Button type="submit" variant="primary" disabled={pending} className="w-full py-2 text-sm">
        {pending ? "…" : submitLabel}
      </Button>
    </form>
  );
}
