"use client";
import { UpdatesView } from "../../src/client/updates/UpdatesView";

export default function UpdatesPage() {
  return <UpdatesView />;
}
