import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { builtInRoleId } from "@dockmaster/core";
import type { HostChange } from "@dockmaster/protocol";
import { removeDir, signedInClient, signedInUser, startTestPlane, uiClient, waitFor } from "./support";

/*
 * Host inventory edits reach other open browsers at once (`host:changed` over /ui), and only the
 * browsers allowed to see the host: an edit made through tRPC by one user is heard by another
 * user's socket that may see the host, never by one that may not. No agent is needed: the edits
 * are inventory (database) changes.
 */
type Heard = { hostId: string; change: HostChange };

let plane: Awaited<ReturnType<typeof startTestPlane>>;
let admin: ReturnType<typeof signedInClient>;
let hostX: string;
let hostY: string;
const sockets: Socket[] = [];

async function listener(cookie: string) {
  const socket = await uiClient(plane.port, cookie);
  sockets.push(socket);
  const heard: Heard[] = [];
  socket.on("host:changed", (payload: Heard) => heard.push(payload));
  return { socket, heard, waitFor: (hostId: string, change: HostChange) => waitFor(() => heard.find((h) => h.hostId === hostId && h.change === change), `host:changed ${change} of ${hostId}`) };
}

/** A push that must not come: give it the time a push that does come takes (well under 300 ms here). */
const settle = () => new Promise((r) => setTimeout(r, 300));

beforeAll(async () => {
  plane = await startTestPlane();
  hostX = (await plane.db.host.create({ data: { name: "live-x", status: "online" } })).id;
  hostY = (await plane.db.host.create({ data: { name: "live-y", status: "online" } })).id;
  admin = signedInClient(plane.port, (await signedInUser(plane.db, "live-admin", [{ role: "admin" }])).cookie);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

describe("host inventory edits are pushed live", () => {
  it("a rename, a label edit, a group edit and a revoke reach the browsers allowed to see the host, and no other", async () => {
    const viewerOfX = await listener((await signedInUser(plane.db, "live-viewer-x", [{ role: "viewer", hostId: hostX }])).cookie);
    const viewerOfY = await listener((await signedInUser(plane.db, "live-viewer-y", [{ role: "viewer", hostId: hostY }])).cookie);
    const everyHost = await listener((await signedInUser(plane.db, "live-viewer-all", [{ role: "viewer" }])).cookie);
    await settle(); // the status rooms are joined right after connecting

    await admin.hosts.rename.mutate({ hostId: hostX, name: "live-x-renamed" });
    await viewerOfX.waitFor(hostX, "renamed");
    await everyHost.waitFor(hostX, "renamed");
    await admin.hosts.setLabels.mutate({ hostId: hostX, labels: { tier: "web" } });
    await viewerOfX.waitFor(hostX, "labels");
    const group = await admin.hostGroups.create.mutate({ name: "live-group" });
    await admin.hosts.setGroup.mutate({ hostId: hostX, groupId: group.id });
    await viewerOfX.waitFor(hostX, "group");
    await admin.hosts.rename.mutate({ hostId: hostY, name: "live-y-renamed" });
    await viewerOfY.waitFor(hostY, "renamed");

    await settle();
    expect(viewerOfY.heard.filter((h) => h.hostId === hostX)).toEqual([]);
    expect(viewerOfX.heard.filter((h) => h.hostId === hostY)).toEqual([]);

    await admin.hosts.revoke.mutate({ hostId: hostX });
    await viewerOfX.waitFor(hostX, "revoked");
    await everyHost.waitFor(hostX, "revoked");
    await settle();
    expect(viewerOfY.heard.filter((h) => h.hostId === hostX)).toEqual([]);
  });

  it("a host placed in a group is announced to the users who gain it through the group, and its removal to those who saw it", async () => {
    const hostZ = (await plane.db.host.create({ data: { name: "live-z", status: "online" } })).id;
    const group = await admin.hostGroups.create.mutate({ name: "live-team-group" });
    const member = await signedInUser(plane.db, "live-group-member", []);
    await admin.grants.create.mutate({ scopeType: "group", scopeId: group.id, subjectType: "user", subjectId: member.id, roleId: builtInRoleId("viewer") });
    const groupMember = await listener(member.cookie);
    const viewerOfY = await listener((await signedInUser(plane.db, "live-viewer-y2", [{ role: "viewer", hostId: hostY }])).cookie);
    await settle();

    await admin.hosts.setGroup.mutate({ hostId: hostZ, groupId: group.id });
    await groupMember.waitFor(hostZ, "access");
    expect(groupMember.heard.some((h) => h.change === "group")).toBe(false); // it could not see the host before

    await admin.hosts.remove.mutate({ hostId: hostZ });
    await groupMember.waitFor(hostZ, "removed");
    await settle();
    expect(viewerOfY.heard).toEqual([]);
  });
});
