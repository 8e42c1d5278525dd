"use client";
import { StacksListView } from "../../src/client/stacks/StacksListView";

/** Every stack of the fleet the user may see: where each runs, its status there, at which revision. */
export default function StacksPage() {
  return <StacksListView />;
}
