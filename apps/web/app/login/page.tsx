"use client";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../src/client/trpc";
import { CredentialsForm } from "../../src/client/components/CredentialsForm";

export default function LoginPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        router.replace("/");
      },
    }),
  );
  return (
    <div>
      <h1 className="text-2xl font-semibold text-white">Sign in to Dockmaster</h1>
      <div className="mt-6">
        <CredentialsForm submitLabel="Sign in" pending={login.isPending} error={login.error?.message ?? null} onSubmit={(v) => login.mutate(v)} />
      </div>
    </div>
  );
}
