"use client";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

/** Labelled inputs for the admin forms. */
const field = "mt-1 block w-full rounded border border-zinc-700 bg-zinc-950 px-2.5 py-1.5 text-sm outline-none focus:border-sky-500";

export function TextField({ label, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string }) {
  return (
    <label className="block text-xs text-zinc-400">
      {label}
      <input aria-label={label} {...props} className={field} />
    </label>
  );
}

export function SelectField({ label, children, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; children: ReactNode }) {
  return (
    <label className="block text-xs text-zinc-400">
      {label}
      <select aria-label={label} {...props} className={field}>
        {children}
      </select>
    </label>
  );
}

export function Section({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="space-y-3">
      <div className="flex items-baseline justify-between">
        <h2 className="text-base font-semibold text-white">{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return <div className="rounded border border-emerald-700/60 bg-emerald-950/50 px-4 py-3 text-sm text-emerald-200">{children}</div>;
}
