"use client";
import { TextField } from "./forms";

export type EngineTls = { ca: string; cert: string; key: string };
export const EMPTY_TLS: EngineTls = { ca: "", cert: "", key: "" };

const PEM_FIELDS = [
  ["ca", "CA certificate (PEM)"],
  ["cert", "Client certificate (PEM)"],
  ["key", "Client key (PEM)"],
] as const;

/** The TLS material to send with an address: only for tcp:// (a unix socket takes none). */
export const tlsFor = (url: string, tls: EngineTls): EngineTls | undefined => (url.startsWith("tcp://") ? tls : undefined);

/** A direct engine's address (unix:///path or tcp://host:2376) and, for tcp, its mutual TLS material. */
export function EngineAddressFields({ url, onUrl, tls, onTls }: { url: string; onUrl: (url: string) => void; tls: EngineTls; onTls: (tls: EngineTls) => void }) {
  return (
    <>
      <TextField label="Engine address (unix:///path or tcp://host:2376)" value={url} onChange={(e) => onUrl(e.target.value)} required />
      {url.startsWith("tcp://") && (
        <div className="grid gap-3 sm:grid-cols-3">
          {PEM_FIELDS.map(([field, label]) => (
            <label key={field} className="block text-xs text-zinc-400">
              {label}
              <textarea
                aria-label={label}
                rows={4}
                value={tls[field]}
                onChange={(e) => onTls({ ...tls, [field]: e.target.value })}
                className="mono mt-1 block w-full rounded border border-zinc-700 bg-zinc-950 px-2 py-1 text-[10px] outline-none focus:border-sky-500"
              />
            </label>
          ))}
        </div>
      )}
    </>
  );
}
