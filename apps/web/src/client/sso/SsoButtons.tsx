"use client";
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { ErrorBanner } from "../components/ui";
import { ssoErrorMessage, ssoStartUrl } from "./sso-errors";

/**
 * The login page's single sign-on part: a button per enabled OpenID provider, the refusal that
 * brought the browser back, and the straight redirect to a provider when an admin turned it on —
 * unless the URL says `?local` (break-glass: a local admin still signs in with a password).
 */
export function SsoButtons() {
  const trpc = useTRPC();
  const options = useQuery(trpc.auth.providers.queryOptions());
  const [where, setWhere] = useState<{ local: boolean; error: string | null } | null>(null);
  useEffect(() => {
    const search = new URLSearchParams(window.location.search);
    setWhere({ local: search.has("local"), error: search.get("sso_error") });
  }, []);
  const straightTo = options.data?.redirectTo ?? null;
  const redirecting = Boolean(where && straightTo && !where.local && !where.error);
  useEffect(() => {
    if (redirecting && straightTo) window.location.assign(ssoStartUrl(straightTo));
  }, [redirecting, straightTo]);

  const error = ssoErrorMessage(where?.error ?? null);
  const providers = options.data?.oidc ?? [];
  if (!error && providers.length === 0) return null;
  return (
    <div className="space-y-3" data-testid="sso-buttons">
      {error && <ErrorBanner message={error} />}
      {redirecting && <p className="text-sm text-zinc-400">Taking you to your identity provider…</p>}
      {providers.map((p) => (
        <a key={p.id} href={ssoStartUrl(p.id)} className="block w-full rounded border border-zinc-700 bg-zinc-900 px-3 py-2 text-center text-sm text-zinc-100 hover:border-sky-500">
          Sign in with {p.name}
        </a>
      ))}
      {providers.length > 0 && <p className="text-center text-xs text-zinc-500">or with a Dockmaster account</p>}
    </div>
  );
}

/** The second-factor challenge a provider sign-in brings back in the URL fragment (never sent to a server in a URL). */
export function takeSsoChallenge(): string | null {
  const hash = new URLSearchParams(window.location.hash.slice(1));
  const challenge = hash.get("sso-challenge");
  if (challenge) window.history.replaceState(null, "", window.location.pathname + window.location.search);
  return challenge;
}
