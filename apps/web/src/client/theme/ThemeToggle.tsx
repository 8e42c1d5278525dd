"use client";
import { useEffect, useState } from "react";
import { parseThemeChoice, THEME_CHOICES, THEME_COOKIE, themeCookie, type ThemeChoice } from "./theme-choice";

const LABELS: Record<ThemeChoice, string> = { light: "Light", dark: "Dark", system: "System" };

function currentChoice(): ThemeChoice {
  const match = new RegExp(`(?:^|; )${THEME_COOKIE}=([^;]*)`).exec(document.cookie);
  return parseThemeChoice(match?.[1]);
}

function systemTheme(): "light" | "dark" {
  return matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
}

/** Light, dark or the system's: applied at once, remembered in a cookie the server renders from. */
export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>("system");
  useEffect(() => setChoice(currentChoice()), []);
  // Following the system: follow its changes too, while the page is open.
  useEffect(() => {
    if (choice !== "system") return;
    const query = matchMedia("(prefers-color-scheme: light)");
    const follow = () => document.documentElement.setAttribute("data-theme", systemTheme());
    query.addEventListener("change", follow);
    return () => query.removeEventListener("change", follow);
  }, [choice]);
  function choose(next: ThemeChoice) {
    document.cookie = themeCookie(next);
    document.documentElement.setAttribute("data-theme", next === "system" ? systemTheme() : next);
    setChoice(next);
  }
  return (
    <label className="flex items-center gap-1.5 text-xs">
      <span className="sr-only">Theme</span>
      <select
        data-testid="theme-select"
        value={choice}
        onChange={(e) => choose(parseThemeChoice(e.target.value))}
        className="rounded bg-zinc-800 px-1.5 py-1 text-xs text-zinc-200 ring-1 ring-zinc-700"
      >
        {THEME_CHOICES.map((c) => (
          <option key={c} value={c}>
            {LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  );
}
