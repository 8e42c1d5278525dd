"use client";
import { useState, type ReactNode } from "react";
import { HydrationBoundary, QueryClient, QueryClientProvider, type DehydratedState } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@dockmaster/api";
import { MAX_BATCH_CALLS } from "../trpc-limits";
import { TRPCProvider } from "./trpc";
import { AuthGate } from "./components/AuthGate";

/** `initialState`: queries the server already answered for this page (see src/server/page-queries.ts). */
export function Providers({ children, initialState }: { children: ReactNode; initialState?: DehydratedState | null }) {
  // No refetch timers anywhere: data changes arrive as socket.io pushes that invalidate queries.
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: false } } }),
  );
  // Queries asked for in one tick share a request; one that must leave at once (a fleet page the
  // user just asked for: the batch waits for the next macrotask, i.e. after React's render) opts
  // out with `trpc: { context: { skipBatch: true } }`.
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.context.skipBatch === true,
          true: httpLink({ url: "/api/trpc", transformer: superjson }),
          false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: MAX_BATCH_CALLS }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <HydrationBoundary state={initialState ?? undefined}>
          <AuthGate>{children}</AuthGate>
        </HydrationBoundary>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
