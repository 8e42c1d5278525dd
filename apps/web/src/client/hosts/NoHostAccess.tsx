"use client";
import { NoAccessNotice } from "../components/NoAccessNotice";

/** What a page about hosts shows a user who may view none (the Hosts page, the overview): nothing is asked that the server would refuse. */
export function NoHostAccess({ title }: { title: string }) {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold text-white">{title}</h1>
      <NoAccessNotice testId="hosts-not-allowed" detail="Viewing a host needs permission host.view on it. Your Account page lists what you hold." />
    </div>
  );
}
