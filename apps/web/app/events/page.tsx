"use client";
import { EventsView } from "../../src/client/components/EventsView";

/** Engine events of every host the user may view. */
export default function FleetEventsPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold text-white">Events</h1>
      <EventsView />
    </div>
  );
}
