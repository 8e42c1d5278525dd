"use client";
import type { ReactNode } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useGlobalPermissions } from "../../src/client/permissions";

/** Each tab with the global permission its page needs (the top bar's Access link needs user.manage). */
const TABS = [
  { href: "/admin/users", label: "Users", needs: "user.manage" },
  { href: "/admin/teams", label: "Teams", needs: "team.manage" },
  { href: "/admin/roles", label: "Roles", needs: "user.manage" },
  { href: "/admin/grants", label: "Grants", needs: "user.manage" },
  { href: "/admin/sso", label: "Single sign-on", needs: "settings.manage" },
];

export default function AdminLayout({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const may = useGlobalPermissions();
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-semibold text-white">Access</h1>
      <nav className="flex gap-1 border-b border-zinc-800">
        {TABS.filter((t) => may.has(t.needs)).map((t) => (
          <Link key={t.href} href={t.href} className={`-mb-px border-b-2 px-3 py-2 text-sm ${pathname.startsWith(t.href) ? "border-sky-400 text-white" : "border-transparent text-zinc-400 hover:text-zinc-200"}`}>
            {t.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
