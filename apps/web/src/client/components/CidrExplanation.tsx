"use client";
/* @jsxRuntime automatic */ // (for the unit test: vitest compiles JSX with the classic runtime otherwise)
import { useTranslations } from "next-intl";
import { checkAddressing, type AddressingInput } from "@dockmaster/protocol";

/**
 * What the subnet the user is typing means — network and broadcast address, netmask, how many
 * hosts fit — and whether gateway and ip-range fit in it. The same checks the server applies.
 */
export function CidrExplanation(input: AddressingInput) {
  const t = useTranslations("subnet");
  if (!input.subnet?.trim()) {
    return (
      <p data-testid="cidr-explanation" className="text-xs text-zinc-500">
        {t("noSubnet")}
      </p>
    );
  }
  const { explanation: e, errors } = checkAddressing(input);
  return (
    <div data-testid="cidr-explanation" className="space-y-1 rounded border border-zinc-800 bg-zinc-950/60 p-3 text-xs">
      {e && (
        <>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
            <dt className="text-zinc-500">{t("network")}</dt>
            <dd className="mono">{e.network}</dd>
            <dt className="text-zinc-500">{t("netmask")}</dt>
            <dd className="mono">
              {e.netmask} (/{e.prefix})
            </dd>
            <dt className="text-zinc-500">{t("broadcast")}</dt>
            <dd className="mono">{e.broadcast ?? t("none")}</dd>
            <dt className="text-zinc-500">{t("hosts")}</dt>
            <dd>
              <span data-testid="cidr-usable">
                {t("usable", { count: e.usable })}
              </span>
              {e.firstUsable && (
                <span className="mono text-zinc-400">
                  {" "}
                  ({e.firstUsable} – {e.lastUsable})
                </span>
              )}
            </dd>
          </dl>
          {e.notes.map((n) => (
            <p key={n} className="text-zinc-400">
              {n}
            </p>
          ))}
          {input.gateway?.trim() && !errors.some((x) => x.field === "gateway") && <p className="text-emerald-300">{t("gatewayFits", { gateway: input.gateway.trim(), cidr: e.cidr })}</p>}
        </>
      )}
      {errors.map((x) => (
        <p key={x.field + x.message} role="alert" data-testid={`cidr-error-${x.field}`} className="text-rose-300">
          {x.field}: {x.message}
        </p>
      ))}
    </div>
  );
}
