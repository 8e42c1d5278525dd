"use client";
import { useState, type ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@dockmaster/api";
import { TRPCProvider } from "./trpc";
import { AuthGate } from "./components/AuthGate";

export function Providers({ children }: { children: ReactNode }) {
  // No refetch timers anywhere: data changes arrive as socket.io pushes that invalidate queries.
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: false } } }),
  );
  const [trpcClient] = useState(() => createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })] }));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <AuthGate>{children}</AuthGate>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
