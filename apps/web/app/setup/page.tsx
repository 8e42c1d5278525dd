"use client";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../src/client/trpc";
import { CredentialsForm } from "../../src/client/components/CredentialsForm";

export default function SetupPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const setup = useMutation(
    trpc.auth.setup.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        router.replace("/");
      },
    }),
  );
  return (
    <div>
      <h1 className="text-2xl font-semibold text-white">Welcome to Dockmaster</h1>
      <p className="mt-2 text-sm text-zinc-400">Create the first administrator. The password needs at least 12 characters.</p>
      <div className="mt-6">
        <CredentialsForm submitLabel="Create admin" confirm pending={setup.isPending} error={setup.error?.message ?? null} onSubmit={(v) => setup.mutate(v)} />
      </div>
    </div>
  );
}
