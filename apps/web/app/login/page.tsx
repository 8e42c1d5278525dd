"use client";
import { useEffect, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../src/client/trpc";
import { CredentialsForm } from "../../src/client/components/CredentialsForm";
import { TextField } from "../../src/client/components/forms";
import { Button, ErrorBanner } from "../../src/client/components/ui";
import { SsoButtons, takeSsoChallenge } from "../../src/client/sso/SsoButtons";

export default function LoginPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState("");
  // A provider sign-in of a user with two-factor on comes back here for the code.
  useEffect(() => {
    const fromProvider = takeSsoChallenge();
    if (fromProvider) setChallenge(fromProvider);
  }, []);
  const signedIn = async () => {
    await queryClient.invalidateQueries();
    router.replace("/");
  };
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async (result) => {
        if (result.totpRequired) setChallenge(result.challenge);
        else await signedIn();
      },
    }),
  );
  const second = useMutation(trpc.auth.loginTotp.mutationOptions({ onSuccess: signedIn }));
  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    if (challenge) second.mutate({ challenge, code });
  };

  return (
    <div>
      <h1 className="text-2xl font-semibold text-white">Sign in to Dockmaster</h1>
      <div className="mt-6">
        {challenge ? (
          <form onSubmit={submitCode} className="space-y-4">
            <p className="text-sm text-zinc-400">Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
            <TextField label="Two-factor code" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="one-time-code" inputMode="numeric" required autoFocus />
            {second.error && <ErrorBanner message={second.error.message} />}
            <Button type="submit" variant="primary" disabled={second.isPending} className="w-full py-2 text-sm">
              Verify
            </Button>
          </form>
        ) : (
          <div className="space-y-5">
            <SsoButtons />
            <CredentialsForm submitLabel="Sign in" pending={login.isPending} error={login.error?.message ?? null} onSubmit={(v) => login.mutate(v)} />
          </div>
        )}
      </div>
    </div>
  );
}
