// The layers view's text for each step of an image built on the real testbed engine (the classic
// builder of Docker 20.10): the ADD row says where it added what, not "ADD file:04b9…". The image
// is built under a name of this run and removed afterwards.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, engineConfigFromEnv } from "./index";
import { buildTestImage, FLAG_CONTENT, flagImageFiles } from "./testing";

const dockerHost = process.env.DOCKMASTER_TEST_ENGINES?.split(",")[0];
const image = process.env.DOCKMASTER_TEST_IMAGE;
if (!dockerHost || !image) throw new Error("DOCKMASTER_TEST_ENGINES and DOCKMASTER_TEST_IMAGE must be set: run through scripts/with-testbed.sh");
const engine = createEngine(engineConfigFromEnv({ dockerHost }));
const tag = `dm-steps-${randomBytes(3).toString("hex")}:flag`;

beforeAll(async () => {
  await buildTestImage(dockerHost, tag, flagImageFiles(image));
});
afterAll(async () => {
  await engine.removeImage(tag, { force: true }).catch(() => undefined);
});

describe("step instructions of a classic-builder image", () => {
  it("the ADD step names its destination and the files its layer holds, and says the source line is not recorded", async () => {
    const { steps } = await engine.imageLayers(tag);
    const add = steps.find((s) => s.createdBy.includes("ADD file:"));
    expect(add?.createdBy).toMatch(/ADD file:[0-9a-f]{64} in \/flag\.txt/); // what the engine records
    expect(add).toMatchObject({ instruction: "ADD <file> /flag.txt", addedFiles: [{ path: "/flag.txt", size: FLAG_CONTENT.length }], addedFileCount: 1 });
    expect(add?.instructionNote).toMatch(/^The original ADD line is not recorded: the classic builder keeps only a checksum of the content \(file:[0-9a-f]{12}…\)/);
    expect(steps.find((s) => s.createdBy.includes("rm /flag.txt"))).toMatchObject({ instruction: "RUN rm /flag.txt", instructionNote: null, addedFiles: [] });
    expect(steps.find((s) => s.createdBy.includes("ENV X=1"))).toMatchObject({ instruction: "ENV X=1", instructionNote: null });
  });
});
