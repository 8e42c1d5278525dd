/**
 * The user's theme choice, kept in a cookie so the server renders the right theme into the first
 * HTML (no flash of the wrong one): "light" and "dark" become <html data-theme>, "system" is
 * resolved before the first paint by THEME_SYSTEM_SCRIPT (the browser alone knows its preference).
 */
export const THEME_CHOICES = ["light", "dark", "system"] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export const THEME_COOKIE = "dm-theme";

/** An unknown or missing cookie follows the system (a light-mode browser gets light). */
export function parseThemeChoice(value: string | undefined | null): ThemeChoice {
  return THEME_CHOICES.includes(value as ThemeChoice) ? (value as ThemeChoice) : "system";
}

/** What the server can put on <html> itself: the theme for an explicit choice, nothing for "system". */
export function serverTheme(choice: ThemeChoice): "light" | "dark" | undefined {
  return choice === "system" ? undefined : choice;
}

/**
 * Runs in <head> (with the response's CSP nonce) before the body is painted: with no explicit theme
 * on <html>, takes the system's. Plain ES5, no imports: it is inlined as text.
 */
export const THEME_SYSTEM_SCRIPT =
  "(function(){var d=document.documentElement;if(!d.getAttribute('data-theme')){d.setAttribute('data-theme',matchMedia('(prefers-color-scheme: light)').matches?'light':'dark');}})();";

/** One year; the cookie is readable by the page script that sets it (it holds nothing secret). */
export function themeCookie(choice: ThemeChoice): string {
  return `${THEME_COOKIE}=${choice}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
