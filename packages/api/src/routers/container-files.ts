import { AppError } from "@dockmaster/core";
import { ContainerPath, MAX_EDIT_BYTES, ObjectRef } from "@dockmaster/protocol";
import { gateContainerFiles } from "../capability-gate";
import { asEditableText, checkEditableSize } from "../files/text-file";
import { hostProcedure } from "../procedures";
import { t } from "../trpc";

const FileRef = { id: ObjectRef, path: ContainerPath };

/** A listing reads the directory's whole tree from the engine (headers only): give it longer than a plain request. */
const LIST_TIMEOUT_MS = 45_000;

/**
 * A container's files (reading). Downloads and every write (upload, an edit's save) go over the
 * control plane's HTTP routes (apps/web/src/server/container-files), which stream bodies and audit
 * each write with its path, size and SHA-256.
 */
export const containerFilesRouter = t.router({
  list: hostProcedure("container.files.read", FileRef).query(async ({ ctx, input }) => {
    await gateContainerFiles(ctx, input.hostId, input.id, "read");
    return ctx.hub.request(input.hostId, "container.files.list", { id: input.id, path: input.path }, { timeoutMs: LIST_TIMEOUT_MS });
  }),
  /** A text file for the editor: at most MAX_EDIT_BYTES, not binary; with the SHA-256 a save names. */
  read: hostProcedure("container.files.read", FileRef).query(async ({ ctx, input }) => {
    if (!ctx.containerFiles) throw new AppError("PRECONDITION_FAILED", "reading container files is not available on this server");
    await gateContainerFiles(ctx, input.hostId, input.id, "read");
    const stat = await ctx.hub.request(input.hostId, "container.files.stat", { id: input.id, path: input.path });
    if (stat.kind === "symlink") throw new AppError("BAD_REQUEST", `${input.path} is a symbolic link to ${stat.linkTarget ?? "?"}: open the target instead`);
    if (stat.kind !== "file") throw new AppError("BAD_REQUEST", `${input.path} is not a regular file`);
    checkEditableSize(input.path, stat.size);
    const download = await ctx.containerFiles.download(input.hostId, { id: input.id, path: input.path, as: "file" });
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of download.chunks) {
      parts.push(chunk);
      size += chunk.byteLength;
      // The file grew since the stat: stop reading rather than hold more than the cap.
      if (size > MAX_EDIT_BYTES) {
        download.cancel();
        break;
      }
    }
    const { content, sha256 } = asEditableText(input.path, Buffer.concat(parts));
    return { path: input.path, content, sha256, size, mode: stat.mode, mtime: stat.mtime };
  }),
});
