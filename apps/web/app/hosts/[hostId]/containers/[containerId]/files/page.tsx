"use client";
import { useParams } from "next/navigation";
import { FileBrowser } from "../../../../../../src/client/files/FileBrowser";
import { useLoadedHostPermissions } from "../../../../../../src/client/permissions";

export default function ContainerFilesPage() {
  const { hostId, containerId } = useParams<{ hostId: string; containerId: string }>();
  const permissions = useLoadedHostPermissions(hostId);
  if (!permissions) return null;
  // Only a convenience: the server refuses every files call without container.files.read (and writes without .write).
  if (!permissions.has("container.files.read")) return <p className="text-sm text-zinc-400">Reading this container&apos;s files needs the permission container.files.read on this host.</p>;
  return <FileBrowser hostId={hostId} containerId={containerId} mayWrite={permissions.has("container.files.write")} />;
}
