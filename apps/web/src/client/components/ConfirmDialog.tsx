"use client";
import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "./ui";
import { confirmName } from "./confirm-name";

/**
 * A modal confirmation: Escape or Cancel closes it, the confirm button runs the action. The label
 * is required and names the action ("Stop", "Remove 3"); the button's accessible name is the whole
 * action where the title spells it out (confirmName).
 *
 * Keyboard: a modal <dialog> keeps Tab inside it; focus starts on its first field, else on Cancel
 * (Enter never runs a destructive action by accident; Tab then Enter does), and goes back to
 * whatever had it when the dialog opened — or, when that is gone or disabled now (an item of a
 * closed menu, a Stop button once stopped), to `returnFocus()` or the opener's nearest neighbour.
 */
export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onCancel, returnFocus }: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  returnFocus?: () => HTMLElement | null | undefined;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef(returnFocus);
  returnTo.current = returnFocus;
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => restoreFocus(opener, returnTo.current?.());
  }, []);
  return (
    <dialog ref={ref} onCancel={onCancel} aria-label={title} className="m-auto w-full max-w-md rounded-lg border border-zinc-700 bg-zinc-900 p-5 text-zinc-200 backdrop:bg-black/60">
      <h2 className="text-base font-semibold">{title}</h2>
      <div className="mt-2 text-sm text-zinc-400">{children}</div>
      <div className="mt-5 flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant={danger ? "danger" : "primary"} onClick={onConfirm} aria-label={confirmName(title, confirmLabel)}>
          {confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}

const usable = (el: Element | null | undefined): el is HTMLElement =>
  el instanceof HTMLElement && el !== document.body && el.isConnected && !el.matches(":disabled") && el.getClientRects().length > 0;

/** The opener when it can take focus, else the fallback, else an enabled control next to the opener. */
function restoreFocus(opener: HTMLElement | null, fallback: HTMLElement | null | undefined) {
  // After React has removed the dialog (and a closed menu has hidden its items).
  requestAnimationFrame(() => {
    let target: HTMLElement | undefined = [opener, fallback].find(usable);
    for (let group = opener && opener !== document.body ? opener.parentElement : null; !target && group && group !== document.body; group = group.parentElement) {
      target = [...group.querySelectorAll("button, a[href], summary, input, select")].find(usable);
    }
    target?.focus();
  });
}
