"use client";
import { AlertsPage } from "../../src/client/alerts/AlertsPage";

export default function Page() {
  return <AlertsPage />;
}
