import type { Db } from "@dockmaster/db";
import { HostStateFull } from "@dockmaster/protocol";
import { z } from "zod";

const Stored = HostStateFull.pick({ images: true, networks: true, volumes: true }).extend({ info: HostStateFull.shape.info.nullable() });
export type HostSnapshotView = z.infer<typeof Stored> & { updatedAt: Date | null; syncedAt: Date | null };

function parsed(text: string | undefined, fallback: unknown): unknown {
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}

/**
 * A host's last-known images, networks, volumes and engine facts, as its agent last reported them
 * (an empty snapshot before the first sync). Read from the database only: works while the host is offline.
 */
export async function readHostSnapshot(db: Db, hostId: string): Promise<HostSnapshotView> {
  const [row, host] = await Promise.all([db.hostSnapshot.findUnique({ where: { hostId } }), db.host.findUnique({ where: { id: hostId }, select: { syncedAt: true } })]);
  const info = parsed(row?.info, null);
  const view = Stored.safeParse({
    info: info && typeof info === "object" && Object.keys(info).length > 0 ? info : null,
    images: parsed(row?.images, []),
    networks: parsed(row?.networks, []),
    volumes: parsed(row?.volumes, []),
  });
  const data = view.success ? view.data : { info: null, images: [], networks: [], volumes: [] };
  return { ...data, updatedAt: row?.updatedAt ?? null, syncedAt: host?.syncedAt ?? null };
}
