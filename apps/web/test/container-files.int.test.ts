import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, symlinkSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, engineConfigFromEnv, type Engine } from "@dockmaster/docker";
import { MAX_EDIT_BYTES, MAX_UPLOAD_BYTES } from "@dockmaster/protocol";
import { planeWithAgent, removeDir, signedInClient, signedInUser, testEngines, testImage, trpcFailure } from "./support";

/**
 * Container files end to end on a real engine: tRPC (list, read for the editor) and the HTTP
 * routes (download, upload, an edit's save) → control plane → real agent → Engine API archive
 * endpoints. The container is only created, never started: the archive API needs no shell, no
 * `ls` and no running process.
 */
let env: Awaited<ReturnType<typeof planeWithAgent>>;
let other: Engine;
let containerId: string;
let foreignId: string;
const cookies: Record<"viewer" | "operator" | "deployer", string> = { viewer: "", operator: "", deployer: "" };
const RUN = `dmfiles-${process.pid}`;
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

const base = () => `http://127.0.0.1:${env.plane.port}/api/containers/files`;
const query = (params: Record<string, string>) => new URLSearchParams({ hostId: env.hostId, id: containerId, ...params }).toString();
const upload = (who: keyof typeof cookies, params: Record<string, string>, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  fetch(`${base()}/upload?${query(params)}`, { method: "PUT", headers: { cookie: cookies[who], ...headers }, body: typeof body === "string" ? body : new Blob([Buffer.from(body)]) });
const download = (who: keyof typeof cookies, params: Record<string, string>) => fetch(`${base()}/download?${query(params)}`, { headers: { cookie: cookies[who] } });
const api = (who: keyof typeof cookies) => signedInClient(env.plane.port, cookies[who]);

/** What the engine itself holds at `path` (read past every layer under test). */
async function engineContent(path: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of env.engine.fileBytes(containerId, path, new AbortController().signal)) parts.push(chunk);
  return Buffer.concat(parts);
}

beforeAll(async () => {
  env = await planeWithAgent("files");
  containerId = (await env.engine.createContainer({ image: testImage(), name: `${RUN}-box`, cmd: ["sleep", "3600"], labels: { "dockmaster.test": "1" } })).id;
  other = createEngine(engineConfigFromEnv({ dockerHost: testEngines()[1] }));
  foreignId = (await other.createContainer({ image: testImage(), name: `${RUN}-foreign`, cmd: ["sleep", "3600"], labels: { "dockmaster.test": "1" } })).id;
  // A directory link (/tmplink → /tmp), as `docker cp` copies a link: itself, not followed.
  const dir = mkdtempSync(join(tmpdir(), "dm-files-"));
  symlinkSync("/tmp", join(dir, "tmplink"));
  execFileSync("docker", ["-H", testEngines()[0]!, "cp", join(dir, "tmplink"), `${containerId}:/`]);
  removeDir(dir);
  for (const role of ["viewer", "operator", "deployer"] as const) cookies[role] = (await signedInUser(env.plane.db, `files-${role}`, [{ role }])).cookie;
}, 60_000);
afterAll(async () => {
  if (containerId) await env.engine.removeContainer(containerId, { force: true }).catch(() => undefined);
  if (foreignId) await other.removeContainer(foreignId, { force: true }).catch(() => undefined);
  await env?.close();
});

describe("browse, download, upload, edit", () => {
  it("lists a directory from the archive's headers: kinds, sizes, modes, link targets", async () => {
    const root = await api("operator").containerFiles.list.query({ hostId: env.hostId, id: containerId, path: "/" });
    const byName = new Map(root.entries.map((e) => [e.name, e]));
    expect(root.truncated).toBeNull();
    expect(byName.get("bin")).toMatchObject({ kind: "dir", mode: 0o755 });
    expect(byName.get("bin")!.size).toBeGreaterThan(100_000); // busybox lies below: a directory's size is its tree's
    expect(byName.get("tmplink")).toMatchObject({ kind: "symlink", linkTarget: "/tmp" });
    const etc = await api("operator").containerFiles.list.query({ hostId: env.hostId, id: containerId, path: "//etc/./" });
    expect(etc.path).toBe("/etc");
    expect(etc.entries.find((e) => e.name === "passwd")).toMatchObject({ kind: "file", uid: 0, gid: 0 });
    const link = await api("operator").containerFiles.list.query({ hostId: env.hostId, id: containerId, path: "/tmplink" });
    expect(link).toMatchObject({ linkTarget: "/tmp", entries: [] });
  });

  it("uploads a file (audited with path, size and SHA-256, never the content), downloads it and its folder", async () => {
    const text = "listen 8080\n";
    const res = await upload("deployer", { dir: "/tmp", name: "app.conf" }, text);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ path: "/tmp/app.conf", size: text.length, sha256: sha256(text) });
    expect((await engineContent("/tmp/app.conf")).toString()).toBe(text);
    const audit = await env.plane.db.auditEvent.findFirstOrThrow({ where: { action: "containerFiles.upload", result: "ok" } });
    expect(JSON.parse(audit.params)).toMatchObject({ path: "/tmp/app.conf", size: text.length, sha256: sha256(text) });
    expect(audit).toMatchObject({ hostId: env.hostId, targetId: containerId, actorName: "files-deployer" });
    expect(audit.params).not.toContain("listen");

    const file = await download("operator", { path: "/tmp/app.conf" });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toContain('filename="app.conf"');
    expect(await file.text()).toBe(text);
    const folder = await download("operator", { path: "/tmp" });
    expect(folder.headers.get("content-type")).toBe("application/x-tar");
    const listing = execFileSync("tar", ["-t"], { input: Buffer.from(await folder.arrayBuffer()) }).toString();
    expect(listing.split("\n")).toContain("tmp/app.conf");
    expect(await env.plane.db.auditEvent.count({ where: { action: "containerFiles.download", result: "ok" } })).toBe(2);
  });

  it("edits a text file in place: keeps its mode, and refuses to overwrite a file that changed since it was opened", async () => {
    const first = "a=1\n";
    expect((await upload("deployer", { dir: "/etc", name: "app.env" }, first)).status).toBe(200);
    const opened = await api("deployer").containerFiles.read.query({ hostId: env.hostId, id: containerId, path: "/etc/app.env" });
    expect(opened).toMatchObject({ content: first, sha256: sha256(first), size: first.length });
    const saved = await upload("deployer", { dir: "/etc", name: "app.env", ifSha256: opened.sha256 }, "a=2\n");
    expect(saved.status).toBe(200);
    expect((await engineContent("/etc/app.env")).toString()).toBe("a=2\n");
    // The same editor saving again from what it opened: the file has changed since, nothing is written.
    const stale = await upload("deployer", { dir: "/etc", name: "app.env", ifSha256: opened.sha256 }, "a=3\n");
    expect(stale.status).toBe(409);
    expect(await stale.text()).toMatch(/changed since it was opened/);
    expect((await engineContent("/etc/app.env")).toString()).toBe("a=2\n");
    // An existing file keeps its mode (passwd is 0644 and root's; busybox's /bin/busybox 0755)
    const passwd = (await api("deployer").containerFiles.list.query({ hostId: env.hostId, id: containerId, path: "/etc" })).entries.find((e) => e.name === "passwd")!;
    const content = await engineContent("/etc/passwd");
    expect((await upload("deployer", { dir: "/etc", name: "passwd" }, content)).status).toBe(200);
    expect((await api("deployer").containerFiles.list.query({ hostId: env.hostId, id: containerId, path: "/etc" })).entries.find((e) => e.name === "passwd")).toMatchObject({ mode: passwd.mode, uid: passwd.uid });
  });
});

describe("refusals", () => {
  it("refuses to open a binary or a large file in the editor", async () => {
    expect((await upload("deployer", { dir: "/tmp", name: "blob.bin" }, Buffer.from([1, 0, 2]))).status).toBe(200);
    expect(await trpcFailure(api("deployer").containerFiles.read.query({ hostId: env.hostId, id: containerId, path: "/tmp/blob.bin" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/binary file/) as string });
    expect((await upload("deployer", { dir: "/tmp", name: "big.txt" }, Buffer.alloc(MAX_EDIT_BYTES + 1, "a"))).status).toBe(200);
    expect(await trpcFailure(api("deployer").containerFiles.read.query({ hostId: env.hostId, id: containerId, path: "/tmp/big.txt" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/only files up to 1\.0 MiB/) as string });
    expect(await trpcFailure(api("deployer").containerFiles.read.query({ hostId: env.hostId, id: containerId, path: "/tmp" }))).toMatchObject({ message: "/tmp is not a regular file" });
  });

  it("never writes through a symbolic link, and refuses .. in any path", async () => {
    const viaLink = await upload("deployer", { dir: "/tmplink", name: "x" }, "x");
    expect(viaLink.status).toBe(400);
    expect(await viaLink.text()).toBe("/tmplink is a symbolic link to /tmp: an upload does not follow links; use the link's target instead");
    const overLink = await upload("deployer", { dir: "/etc", name: "mtab" }, "x");
    expect(overLink.status).toBe(400);
    expect(await overLink.text()).toMatch(/^\/etc\/mtab is a symbolic link to /);
    const dotdot = await upload("deployer", { dir: "/tmp/../etc", name: "x" }, "x");
    expect(dotdot.status).toBe(400);
    expect(await dotdot.text()).toBe('invalid upload query: dir: must not contain ".." (give the path without it)');
    expect((await upload("deployer", { dir: "/tmp", name: ".." }, "x")).status).toBe(400);
    expect(await trpcFailure(api("operator").containerFiles.list.query({ hostId: env.hostId, id: containerId, path: "/etc/.." }))).toMatchObject({ code: "BAD_REQUEST" });
    expect((await download("operator", { path: "relative" })).status).toBe(400);
  });

  it("refuses a file over the upload limit before reading it, and a body shorter than announced", async () => {
    const status = await new Promise<{ code: number; text: string }>((resolve, reject) => {
      const req = request(`${base()}/upload?${query({ dir: "/tmp", name: "huge" })}`, { method: "PUT", headers: { cookie: cookies.deployer, "content-length": String(MAX_UPLOAD_BYTES + 1) } }, (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => resolve({ code: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      req.flushHeaders(); // no body is sent: the answer must come without it
    });
    expect(status).toEqual({ code: 413, text: "the file is 512.0 MiB: uploads are at most 512 MiB" });
    const noLength = await fetch(`${base()}/upload?${query({ dir: "/tmp", name: "chunked" })}`, { method: "PUT", headers: { cookie: cookies.deployer }, body: new Blob(["x"]).stream(), duplex: "half" } as RequestInit);
    expect(noLength.status).toBe(411);
  });

  it("refuses a viewer everything, an operator writes, another host's container, extra keys and other origins", async () => {
    expect(await trpcFailure(api("viewer").containerFiles.list.query({ hostId: env.hostId, id: containerId, path: "/" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await trpcFailure(api("viewer").containerFiles.read.query({ hostId: env.hostId, id: containerId, path: "/etc/passwd" }))).toMatchObject({ code: "FORBIDDEN" });
    const viewerDownload = await download("viewer", { path: "/etc/passwd" });
    expect(viewerDownload.status).toBe(403);
    expect(await viewerDownload.text()).toBe(`permission container.files.read is required on host ${env.hostId}`);
    expect((await upload("viewer", { dir: "/tmp", name: "v" }, "v")).status).toBe(403);
    const operatorUpload = await upload("operator", { dir: "/tmp", name: "o" }, "o");
    expect(operatorUpload.status).toBe(403);
    expect(await operatorUpload.text()).toBe(`permission container.files.write is required on host ${env.hostId}`);
    expect(await env.plane.db.auditEvent.count({ where: { action: "containerFiles.upload", result: "denied", actorName: "files-operator" } })).toBe(1);
    expect((await fetch(`${base()}/download?path=/etc/passwd&hostId=${env.hostId}&id=${containerId}`)).status).toBe(401);

    // A container of another engine, asked for through this host: its engine has no such container.
    const foreign = await fetch(`${base()}/download?${new URLSearchParams({ hostId: env.hostId, id: foreignId, path: "/etc/passwd" }).toString()}`, { headers: { cookie: cookies.operator } });
    expect(foreign.status).toBe(404);
    expect(await trpcFailure(api("operator").containerFiles.list.query({ hostId: env.hostId, id: foreignId, path: "/" }))).toMatchObject({ code: "NOT_FOUND" });

    expect(await trpcFailure(api("operator").containerFiles.list.query({ hostId: env.hostId, id: containerId, path: "/", recursive: true } as never))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/unknown key "recursive"/) as string });
    const extra = await download("operator", { path: "/etc/passwd", follow: "1" });
    expect(extra.status).toBe(400);
    expect(await extra.text()).toBe('invalid download query: unknown key "follow"');
    const crossSite = await upload("deployer", { dir: "/tmp", name: "csrf" }, "x", { origin: "http://evil.example" });
    expect(crossSite.status).toBe(403);
    await expect(engineContent("/tmp/csrf")).rejects.toThrow(/no such file|Could not find/);
  });
});

describe("the container's own reach (the one allowlist gate)", () => {
  let bound: string | null = null;
  let hostDir: string | null = null;
  afterAll(async () => {
    if (bound) await env.engine.removeContainer(bound, { force: true }).catch(() => undefined);
    if (hostDir) removeDir(hostDir);
  });

  it("a container with a host path mounted: its files need container.create.privileged, whatever the route", async () => {
    hostDir = mkdtempSync(join(tmpdir(), "dm-files-host-"));
    bound = (await env.engine.createContainer({ image: testImage(), name: `${RUN}-bound`, cmd: ["sleep", "3600"], binds: [`${hostDir}:/host`], labels: { "dockmaster.test": "1" } })).id;
    const ref = { hostId: env.hostId, id: bound };
    // A deployer holds container.files.read and .write, but creating this container would need more.
    const listed = await trpcFailure(api("deployer").containerFiles.list.query({ ...ref, path: "/host" }));
    expect(listed).toMatchObject({ code: "FORBIDDEN" });
    expect(listed.message).toMatch(/container\.create\.privileged is required to read the files of this container, which has: .*bind/);
    expect((await trpcFailure(api("operator").containerFiles.read.query({ ...ref, path: "/etc/passwd" }))).code).toBe("FORBIDDEN");
    const down = await fetch(`${base()}/download?${new URLSearchParams({ hostId: env.hostId, id: bound, path: "/host" }).toString()}`, { headers: { cookie: cookies.deployer } });
    expect(down.status).toBe(403);
    expect(await down.text()).toMatch(/container\.create\.privileged/);
    const up = await fetch(`${base()}/upload?${new URLSearchParams({ hostId: env.hostId, id: bound, dir: "/host", name: "planted.sh" }).toString()}`, { method: "PUT", headers: { cookie: cookies.deployer }, body: "echo owned" });
    expect(up.status).toBe(403);
    expect(await up.text()).toMatch(/container\.create\.privileged is required to change the files of this container/);
    const denied = await env.plane.db.auditEvent.findFirst({ where: { action: "containerFiles.upload", result: "denied", error: { contains: "privileged" } } });
    expect(denied).not.toBeNull();
    // Nothing reached the host directory; an admin (who could create it) browses it.
    const admin = (await signedInUser(env.plane.db, "files-reach-admin", [{ role: "admin" }])).cookie;
    expect((await signedInClient(env.plane.port, admin).containerFiles.list.query({ ...ref, path: "/" })).entries.map((e) => e.name)).toContain("host");
  });
});

