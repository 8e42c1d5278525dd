"use client";
import { Suspense } from "react";
import { useParams } from "next/navigation";
import { StackPageView } from "../../../src/client/stacks/StackPageView";

/** One stack; the host and tab in the URL (?host=…&tab=…). */
export default function StackPage() {
  const { stackId } = useParams<{ stackId: string }>();
  return (
    <Suspense>
      <StackPageView stackId={stackId} />
    </Suspense>
  );
}
