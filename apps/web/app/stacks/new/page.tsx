"use client";
import { Suspense } from "react";
import { NewStackView } from "../../../src/client/stacks/NewStackView";

/** A new stack (the host may come in the URL: ?host=…). */
export default function NewStackPage() {
  return (
    <Suspense>
      <NewStackView />
    </Suspense>
  );
}
