/**
 * The accessible name of a confirmation's button: the whole action when the dialog's title spells
 * it out from the button's label on ("Stop container web-1?" + "Stop" → "Stop container web-1"),
 * else the label itself ("Remove 3"). Never a bare "Confirm": a screen reader (or a test) hears
 * what the button will do.
 */
export function confirmName(title: string, confirmLabel: string): string {
  const action = title.trim().replace(/\?$/, "");
  return action.toLowerCase().startsWith(confirmLabel.trim().toLowerCase()) ? action : confirmLabel;
}
