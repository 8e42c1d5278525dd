"use client";
import { useEffect, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../../src/client/trpc";
import { TextField } from "../../src/client/components/forms";
import { Button, ErrorBanner } from "../../src/client/components/ui";

/** /invite#<token>: the token stays in the fragment, which the browser never sends to a server. */
export default function InvitePage() {
  const trpc = useTRPC();
  const router = useRouter();
  const [token, setToken] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState(false);
  useEffect(() => setToken(window.location.hash.slice(1)), []);
  const accept = useMutation(trpc.auth.acceptInvitation.mutationOptions({ onSuccess: () => router.replace("/login") }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(password !== repeat);
    if (password === repeat) accept.mutate({ token, password });
  };
  return (
    <div>
      <h1 className="text-2xl font-semibold text-white">Join Dockmaster</h1>
      <p className="mt-2 text-sm text-zinc-400">Choose your password (at least 12 characters), then sign in.</p>
      <form onSubmit={submit} className="mt-6 space-y-4">
        <TextField label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" />
        <TextField label="Confirm password" type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required autoComplete="new-password" />
        {(mismatch || accept.error) && <ErrorBanner message={mismatch ? "the two passwords differ" : accept.error!.message} />}
        <Button type="submit" variant="primary" disabled={accept.isPending || !token} className="w-full py-2 text-sm">Set password</Button>
      </form>
    </div>
  );
}
