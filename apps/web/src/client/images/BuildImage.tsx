"use client";
import { useRef, useState } from "react";
import Link from "next/link";
import type { BuildFrame } from "@dockmaster/protocol";
import { uiSocket } from "../socket";
import { openStream, type StreamClient } from "../streams";
import { Badge, Button, Card, ErrorBanner } from "../components/ui";
import { contextTar, parseBuildArgs, parseTags, stripTopFolder, type ContextFile } from "./build-context";

const CHUNK = 256 * 1024;
const SAMPLE_DOCKERFILE = `FROM busybox
COPY index.html /html/index.html
EXPOSE 1234
CMD ["httpd", "-f", "-v", "-p", "1234", "-h", "/html"]
`;

type Source = "typed" | "folder" | "tar";
type Phase = { state: "idle" | "uploading" | "building" | "done" | "failed" | "cancelled"; message?: string; imageId?: string };

const field = "rounded bg-zinc-900 px-2 py-1 text-sm ring-1 ring-zinc-700";

/**
 * Build an image from a Dockerfile typed here (plus extra files), a folder, or a tar archive. The
 * context is packed in the browser and streamed to the engine through the agent; each step's
 * output appears as the engine runs it, and every step that changes files becomes a layer.
 */
export function BuildImage({ hostId }: { hostId: string }) {
  const [source, setSource] = useState<Source>("typed");
  const [dockerfile, setDockerfile] = useState(SAMPLE_DOCKERFILE);
  const [extraFiles, setExtraFiles] = useState<Array<{ name: string; data: string }>>([{ name: "index.html", data: "Hello World\n" }]);
  const [picked, setPicked] = useState<ContextFile[] | null>(null);
  const [tarFile, setTarFile] = useState<Uint8Array | null>(null);
  const [tags, setTags] = useState("");
  const [dockerfilePath, setDockerfilePath] = useState("Dockerfile");
  const [buildArgs, setBuildArgs] = useState("");
  const [target, setTarget] = useState("");
  const [noCache, setNoCache] = useState(false);
  const [pull, setPull] = useState(false);
  const [output, setOutput] = useState("");
  const [phase, setPhase] = useState<Phase>({ state: "idle" });
  const stream = useRef<StreamClient | null>(null);

  function context(): Uint8Array {
    if (source === "typed") return contextTar([{ name: "Dockerfile", data: dockerfile }, ...extraFiles.filter((f) => f.name.trim())]);
    if (source === "folder") {
      if (!picked?.length) throw new Error("folder: pick the folder that holds the Dockerfile");
      return contextTar(picked);
    }
    if (!tarFile) throw new Error("tar archive: pick a .tar file");
    return tarFile;
  }

  async function build() {
    let tar: Uint8Array;
    let params;
    try {
      tar = context();
      params = { tags: parseTags(tags), dockerfile: source === "typed" ? "Dockerfile" : dockerfilePath || "Dockerfile", buildArgs: parseBuildArgs(buildArgs), target: target.trim() || undefined, noCache, pull, contextBytes: tar.byteLength };
    } catch (error) {
      setPhase({ state: "failed", message: (error as Error).message });
      return;
    }
    setOutput("");
    setPhase({ state: "uploading" });
    const s = openStream(uiSocket(), { hostId, type: "image.build", params }, (frames: BuildFrame[]) => {
      const text = frames.map((f) => f.text ?? (f.progress ? `${f.progress.id ? `${f.progress.id}: ` : ""}${f.progress.status}\n` : "")).join("");
      if (text) setOutput((o) => o + text);
    });
    stream.current = s;
    void s.done.then((end) => {
      stream.current = null;
      if (end.ok) setPhase(end.result.cancelled ? { state: "cancelled" } : { state: "done", imageId: end.result.imageId });
      else setPhase({ state: "failed", message: end.error.message });
    });
    try {
      await s.ready;
      for (let offset = 0; offset < tar.byteLength; offset += CHUNK) await s.input(tar.subarray(offset, offset + CHUNK));
      s.endInput();
      setPhase((p) => (p.state === "uploading" ? { state: "building" } : p));
    } catch {
      // `done` reports why (refused, host offline, cancelled)
    }
  }

  const running = phase.state === "uploading" || phase.state === "building";
  return (
    <div className="space-y-3">
      <Card title="Build context" hint="The context is every file the Dockerfile may COPY or ADD. Each instruction that changes files (COPY, ADD, RUN) becomes a read-only layer; ENV, EXPOSE, CMD only change the image's metadata.">
        <div className="mb-2 flex gap-2 text-xs">
          {(["typed", "folder", "tar"] as const).map((s) => (
            <Button key={s} type="button" variant={source === s ? "primary" : "default"} aria-pressed={source === s} onClick={() => setSource(s)}>
              {{ typed: "Type a Dockerfile", folder: "Upload a folder", tar: "Upload a tar" }[s]}
            </Button>
          ))}
        </div>
        {source === "typed" && (
          <div className="space-y-2">
            <textarea data-testid="build-dockerfile" aria-label="Dockerfile" className={`${field} mono h-40 w-full text-xs`} value={dockerfile} onChange={(e) => setDockerfile(e.target.value)} spellCheck={false} />
            {extraFiles.map((f, i) => (
              <div key={i} className="flex gap-2">
                <input data-testid="build-file-name" aria-label={`File ${i + 1}: path in the context`} className={`${field} mono w-48 text-xs`} value={f.name} placeholder="path/in/context" onChange={(e) => setExtraFiles(extraFiles.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
                <textarea data-testid="build-file-data" aria-label={`File ${i + 1}: contents`} className={`${field} mono h-16 flex-1 text-xs`} value={f.data} onChange={(e) => setExtraFiles(extraFiles.map((x, j) => (j === i ? { ...x, data: e.target.value } : x)))} />
                <Button type="button" aria-label={`Remove file ${i + 1}`} onClick={() => setExtraFiles(extraFiles.filter((_, j) => j !== i))}>
                  Remove
                </Button>
              </div>
            ))}
            <Button type="button" onClick={() => setExtraFiles([...extraFiles, { name: "", data: "" }])}>
              Add a file
            </Button>
          </div>
        )}
        {source === "folder" && (
          <input
            type="file"
            aria-label="Build context folder"
            multiple
            webkitdirectory=""
            onChange={async (e) => {
              const files = [...(e.target.files ?? [])];
              setPicked(await Promise.all(files.map(async (f) => ({ name: stripTopFolder(f.webkitRelativePath || f.name), data: new Uint8Array(await f.arrayBuffer()) }))));
            }}
          />
        )}
        {source === "tar" && <input type="file" aria-label="Build context tar" accept=".tar,application/x-tar" onChange={async (e) => setTarFile(e.target.files?.[0] ? new Uint8Array(await e.target.files[0].arrayBuffer()) : null)} />}
        {source === "folder" && picked && <p className="mt-1 text-xs text-zinc-500">{picked.length} files</p>}
      </Card>
      <Card title="Options">
        <div className="grid gap-2 text-xs text-zinc-300 md:grid-cols-2">
          <label className="flex flex-col gap-1">
            tags (space or comma separated)
            <input data-testid="build-tags" className={`${field} mono`} value={tags} placeholder="myapp:1.0 registry:5000/team/myapp:1.0" onChange={(e) => setTags(e.target.value)} />
          </label>
          {source !== "typed" && (
            <label className="flex flex-col gap-1">
              Dockerfile path in the context
              <input className={`${field} mono`} value={dockerfilePath} onChange={(e) => setDockerfilePath(e.target.value)} />
            </label>
          )}
          <label className="flex flex-col gap-1">
            target stage (multi-stage builds)
            <input className={`${field} mono`} value={target} onChange={(e) => setTarget(e.target.value)} />
          </label>
          <label className="flex flex-col gap-1">
            build args (KEY=value per line)
            <textarea data-testid="build-args" className={`${field} mono h-16`} value={buildArgs} onChange={(e) => setBuildArgs(e.target.value)} />
          </label>
          <div className="flex items-center gap-4">
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} /> no cache
            </label>
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={pull} onChange={(e) => setPull(e.target.checked)} /> always pull the base image
            </label>
          </div>
        </div>
      </Card>
      <div className="flex items-center gap-2">
        <Button variant="primary" data-testid="build-submit" disabled={running} onClick={() => void build()}>
          Build
        </Button>
        {running && (
          <Button data-testid="build-cancel" onClick={() => stream.current?.cancel()}>
            Cancel
          </Button>
        )}
        <Badge tone={phase.state === "done" ? "green" : phase.state === "failed" ? "red" : phase.state === "idle" ? "zinc" : "blue"} testId="build-state" live>
          {phase.state}
        </Badge>
        {phase.imageId && (
          <Link data-testid="build-result" className="mono text-xs text-sky-300 hover:underline" href={`/hosts/${hostId}/images/${encodeURIComponent(phase.imageId)}`}>
            {phase.imageId.slice(0, 19)} — see its layers
          </Link>
        )}
      </div>
      {phase.state === "failed" && phase.message && <ErrorBanner message={phase.message} />}
      <pre data-testid="build-output" className="mono max-h-[50vh] overflow-auto whitespace-pre-wrap rounded-lg border border-zinc-800 bg-black p-2 text-xs text-zinc-200">
        {output || "Build output appears here, step by step."}
      </pre>
    </div>
  );
}
