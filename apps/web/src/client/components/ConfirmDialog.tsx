"use client";
import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "./ui";
import { confirmName } from "./confirm-name";

/**
 * A modal confirmation: Escape or Cancel closes it, the confirm button runs the action. The label
 * is required and names the action ("Stop", "Remove 3"); the button's accessible name is the whole
 * action where the title spells it out (confirmName).
 */
export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onCancel }: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
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
