import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestImage } from "@dockmaster/docker/testing";
import { planeWithAgent, testEngines, testImage, trpcFailure } from "./support";

/**
 * Untag and remove through tRPC → agent → a real engine, and what the audit trail says about them.
 * Every image here is built or tagged by this file under the run's names and removed afterwards.
 */
let env: Awaited<ReturnType<typeof planeWithAgent>>;
const RUN = `dm-untag-${randomBytes(3).toString("hex")}`;
let imageId = "";

const namesOf = async (id: string) => (await env.engine.listImages()).find((i) => i.id === id)?.repoTags ?? null;
const lastAudit = (action: string) => env.plane.db.auditEvent.findFirst({ where: { action }, orderBy: { seq: "desc" } });

beforeAll(async () => {
  env = await planeWithAgent("untag");
  // An image of its own (a file unique to the run), so deleting it touches nothing else.
  imageId = await buildTestImage(testEngines()[0]!, `${RUN}/app:one`, { Dockerfile: `FROM ${testImage()}\nRUN echo ${RUN} > /run-id\n` });
  await env.engine.tagImage(imageId, `${RUN}/app`, "two");
});
afterAll(async () => {
  if (!env) return;
  for (const ref of [`${RUN}/app:one`, `${RUN}/app:two`, `${RUN}/app:three`]) await env.engine.removeImage(ref, { force: true }).catch(() => undefined);
  await env.close();
});

describe("images.untag", () => {
  it("removes one of two names and keeps the image with the other; the audit record names the tag", async () => {
    const result = await env.admin.client.images.untag.mutate({ hostId: env.hostId, id: imageId, reference: `${RUN}/app:one` });
    expect(result).toEqual({ untagged: [`${RUN}/app:one`], deleted: [] });
    expect(await namesOf(imageId)).toEqual([`${RUN}/app:two`]);
    expect(await lastAudit("images.untag")).toMatchObject({ result: "ok", targetType: "image", targetId: imageId, targetName: `${RUN}/app:one` });
  });

  it("refuses a reference that is not a name of that image (an id prefix would delete by id), and changes nothing", async () => {
    const error = await trpcFailure(env.admin.client.images.untag.mutate({ hostId: env.hostId, id: imageId, reference: imageId.replace(/^sha256:/, "").slice(0, 12) }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(new RegExp(`:latest is not a name of image ${imageId.slice(7, 19)} \\(its names: ${RUN}/app:two\\)`));
    const other = await trpcFailure(env.admin.client.images.untag.mutate({ hostId: env.hostId, id: imageId, reference: testImage() }));
    expect(other.message).toMatch(/is not a name of image/);
    expect(await namesOf(imageId)).toEqual([`${RUN}/app:two`]);
    expect((await env.engine.listImages()).some((i) => i.repoTags.includes(testImage()))).toBe(true);
  });

  it("untagging the last name deletes the image", async () => {
    const result = await env.admin.client.images.untag.mutate({ hostId: env.hostId, id: imageId, reference: `${RUN}/app:two` });
    expect(result.untagged).toEqual([`${RUN}/app:two`]);
    expect(result.deleted).toContain(imageId);
    expect(await namesOf(imageId)).toBeNull();
  });
});

describe("images.remove audit", () => {
  it("names the tags the engine removed, not only the id", async () => {
    const id = await buildTestImage(testEngines()[0]!, `${RUN}/app:three`, { Dockerfile: `FROM ${testImage()}\nRUN echo ${RUN}-3 > /run-id\n` });
    await env.admin.client.images.remove.mutate({ hostId: env.hostId, id, force: false });
    expect(await lastAudit("images.remove")).toMatchObject({ result: "ok", targetId: id, targetName: `${RUN}/app:three` });
  });
});
