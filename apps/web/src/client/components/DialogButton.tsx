"use client";
import { useState, type ReactNode } from "react";
import { Button } from "./ui";

/** A button that opens a dialog; the dialog is mounted only while open and gets `close`. */
export function DialogButton({ label, testId, variant, dialog }: { label: string; testId: string; variant?: "default" | "danger"; dialog: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
      {open && dialog(() => setOpen(false))}
    </>
  );
}
