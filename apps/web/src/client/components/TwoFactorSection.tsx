"use client";
import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import QRCode from "qrcode";
import { useTRPC } from "../trpc";
import { Notice, Section, TextField } from "./forms";
import { Badge, Button, ErrorBanner } from "./ui";

/** Turn TOTP two-factor on (QR code, confirm with a code, recovery codes shown once) or off. */
export function TwoFactorSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.me.twoFactor.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.me.twoFactor.pathFilter());
  const begin = useMutation(trpc.me.beginTwoFactor.mutationOptions());
  const confirm = useMutation(trpc.me.confirmTwoFactor.mutationOptions({ onSuccess: refresh }));
  const disable = useMutation(trpc.me.disableTwoFactor.mutationOptions({ onSuccess: refresh }));
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [qr, setQr] = useState<string | null>(null);
  const uri = begin.data?.uri;
  useEffect(() => {
    if (uri) void QRCode.toDataURL(uri, { margin: 1, width: 192 }).then(setQr);
  }, [uri]);
  const error = begin.error ?? confirm.error ?? disable.error;

  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate({ code });
  };
  const submitDisable = (e: FormEvent) => {
    e.preventDefault();
    disable.mutate({ password }, { onSuccess: () => setPassword("") });
  };

  return (
    <Section title="Two-factor authentication" aside={status.data && <Badge tone={status.data.enabled ? "green" : "zinc"}>{status.data.enabled ? "on" : "off"}</Badge>}>
      {error && <ErrorBanner message={error.message} />}
      {confirm.data && (
        <Notice>
          Two-factor is on. Keep these recovery codes somewhere safe — each works once, and they are not shown again:
          <div className="mono mt-2 grid grid-cols-5 gap-2 text-xs" data-testid="recovery-codes">
            {confirm.data.recoveryCodes.map((c) => <span key={c}>{c}</span>)}
          </div>
        </Notice>
      )}
      {status.data && !status.data.enabled && !begin.data && <Button onClick={() => begin.mutate()}>Set up an authenticator app</Button>}
      {status.data && !status.data.enabled && begin.data && (
        <form onSubmit={submitCode} className="flex flex-wrap items-end gap-6">
          {qr && <img src={qr} alt="QR code for your authenticator app" className="rounded bg-white p-1" width={192} height={192} />}
          <div className="space-y-3">
            <p className="max-w-sm text-xs text-zinc-400">Scan the code, or enter this key by hand:</p>
            <p className="mono break-all text-xs" data-testid="totp-secret">{begin.data.secret}</p>
            <TextField label="Code from the app" value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" required />
            <Button type="submit" variant="primary" disabled={confirm.isPending}>Turn on</Button>
          </div>
        </form>
      )}
      {status.data?.enabled && (
        <form onSubmit={submitDisable} className="flex max-w-md items-end gap-3">
          <div className="flex-1">
            <TextField label="Password, to turn it off" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" />
          </div>
          <Button type="submit" variant="danger" disabled={disable.isPending}>Turn off</Button>
          <span className="text-xs text-zinc-500">{status.data.recoveryCodesLeft} recovery codes left</span>
        </form>
      )}
    </Section>
  );
}
