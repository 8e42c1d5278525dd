"use client";
import { useState, type ReactNode } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useHostPermissions } from "../permissions";
import { refusalMessage } from "../refusal-message";
import { mergeRows, rowsFromDotenv } from "../container-form/env";
import { FIELD_LABELS, errorKey, newPortRow, newVolumeRow, specFromForm, type ContainerFormValues, type FormErrors, type FormField } from "../container-form/form-model";
import { FieldError, KeyValueRows, PortRows, VolumeRows, inputClass } from "./ContainerFormRows";
import { Button, Card, ErrorBanner, Spinner } from "./ui";

const RESTART_POLICIES = [
  ["", "no (default)"],
  ["always", "always"],
  ["unless-stopped", "unless-stopped"],
  ["on-failure", "on-failure"],
] as const;

/** The form's plain text fields. */
type TextKey = { [K in keyof ContainerFormValues]: ContainerFormValues[K] extends string ? K : never }[keyof ContainerFormValues];

function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string; children: ReactNode }) {
  return (
    <label className="block text-xs text-zinc-400">
      {label}
      <div className="mt-1">{children}</div>
      {hint && <span className="mt-0.5 block text-[11px] text-zinc-500">{hint}</span>}
      <FieldError message={error} />
    </label>
  );
}

/**
 * The create / run form. Everything is checked in the browser with the server's own zod spec
 * (messages name the field) before a request is sent; what the engine then refuses (a taken name,
 * a missing image, a port already allocated) is shown in the engine's words.
 */
export function ContainerForm({ hostId, initial, onDone, heading }: { hostId: string; initial: ContainerFormValues; onDone: (id: string) => void; heading: ReactNode }) {
  const trpc = useTRPC();
  const may = useHostPermissions(hostId);
  const images = useQuery({ ...trpc.images.list.queryOptions({ hostId }), enabled: may.has("image.view") });
  const networks = useQuery({ ...trpc.networks.list.queryOptions({ hostId }), enabled: may.has("network.view") });
  const [form, setForm] = useState(initial);
  const [dotenv, setDotenv] = useState("");
  const [tried, setTried] = useState(false);
  const create = useMutation(trpc.containers.create.mutationOptions({ onSuccess: (r) => onDone(r.id) }));

  const checked = specFromForm(form);
  const errors: FormErrors = tried && !checked.ok ? checked.errors : {};
  const set = <K extends keyof ContainerFormValues>(key: K) => (value: ContainerFormValues[K]) => setForm((f) => ({ ...f, [key]: value }));
  const text = (key: TextKey, props: { placeholder?: string; className?: string } = {}) => (
    <input aria-label={FIELD_LABELS[key]} value={form[key]} onChange={(e) => set(key)(e.target.value)} aria-invalid={!!errors[key] || undefined} placeholder={props.placeholder} className={`${inputClass} mono w-full ${props.className ?? ""}`} />
  );
  const rowError = (field: FormField) => (i: number) => errors[errorKey(field, i)];
  const tags = [...new Set((images.data ?? []).flatMap((i) => i.repoTags).filter((t) => t !== "<none>:<none>"))].sort();
  const kept = Object.keys(form.kept);

  const submit = () => {
    setTried(true);
    create.reset();
    if (checked.ok) create.mutate({ hostId, spec: checked.spec, start: checked.start });
  };

  return (
    <form
      className="space-y-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex items-center gap-3">{heading}</div>
      {Object.keys(errors).length > 0 && (
        <div role="alert" data-testid="form-errors" className="rounded border border-amber-700/60 bg-amber-950/40 px-4 py-3 text-sm text-amber-200">
          <p className="font-semibold">Fix these before the container can be created:</p>
          <ul className="mt-1 list-disc pl-5">
            {Object.entries(errors).map(([key, message]) => (
              <li key={key}>{message}</li>
            ))}
          </ul>
        </div>
      )}
      {create.error && (
        <div data-testid="create-error">
          <ErrorBanner message={refusalMessage(create.error, "The engine refused: ")} onClose={() => create.reset()} />
        </div>
      )}
      <div className="grid gap-3 lg:grid-cols-2">
        <Card title="Image and process">
          <div className="space-y-2">
            <Field label="Image" hint="A repository:tag on this host (pull it from the Images tab first)." error={errors.image}>
              <input aria-label="Image" list="host-image-tags" value={form.image} onChange={(e) => set("image")(e.target.value)} aria-invalid={!!errors.image || undefined} placeholder="busybox:latest" className={`${inputClass} mono w-full`} />
              <datalist id="host-image-tags">
                {tags.map((t) => (
                  <option key={t} value={t} />
                ))}
              </datalist>
            </Field>
            <Field label="Name" hint="Empty: the engine picks one." error={errors.name}>
              {text("name", { placeholder: "web-1" })}
            </Field>
            <Field label="Command" hint="Split like a shell would, but run without one: sh -c '…' for pipes." error={errors.command}>
              {text("command", { placeholder: "image default" })}
            </Field>
            <Field label="Entrypoint" error={errors.entrypoint}>
              {text("entrypoint", { placeholder: "image default" })}
            </Field>
            <div className="grid grid-cols-2 gap-2">
              <Field label="Working directory" error={errors.workingDir}>
                {text("workingDir", { placeholder: "image default" })}
              </Field>
              <Field label="User" hint="name, uid or uid:gid" error={errors.user}>
                {text("user", { placeholder: "image default" })}
              </Field>
            </div>
            <label className="flex items-center gap-2 text-sm text-zinc-300">
              <input type="checkbox" checked={form.tty} onChange={(e) => set("tty")(e.target.checked)} /> Allocate a TTY
            </label>
          </div>
        </Card>
        <Card title="Limits (cgroups: how much it may use)" hint="Empty means no limit. Memory in binary units (256m, 1.5g); memory + swap -1 for unlimited swap; CPUs as a decimal (1.5 = one and a half CPUs); CPU shares are a relative weight (default 1024).">
          <div className="grid grid-cols-2 gap-2">
            <Field label="Memory limit" error={errors.memory}>
              {text("memory", { placeholder: "e.g. 256m" })}
            </Field>
            <Field label="Memory + swap" error={errors.memorySwap}>
              {text("memorySwap", { placeholder: "e.g. 512m or -1" })}
            </Field>
            <Field label="CPUs" error={errors.cpus}>
              {text("cpus", { placeholder: "e.g. 1.5" })}
            </Field>
            <Field label="CPU shares" error={errors.cpuShares}>
              {text("cpuShares", { placeholder: "1024" })}
            </Field>
            <Field label="PIDs limit" error={errors.pidsLimit}>
              {text("pidsLimit", { placeholder: "e.g. 100" })}
            </Field>
          </div>
        </Card>
        <Card title="Published ports" hint="Host IP defaults to 127.0.0.1 (this host only); empty host port = a random free one. Each becomes a DNAT rule (and docker-proxy) from the host to the container.">
          <PortRows rows={form.ports} onChange={set("ports")} errorOf={rowError("ports")} make={newPortRow} />
          <FieldError message={errors.ports} />
        </Card>
        <Card title="Volumes and bind mounts" hint="A bind mount of a host path, or a volume whose driver options bind one (o=bind) or name a device, needs the permission “Create privileged containers”.">
          <VolumeRows rows={form.volumes} onChange={set("volumes")} errorOf={rowError("volumes")} make={newVolumeRow} />
          <FieldError message={errors.volumes} />
        </Card>
        <Card title="Network">
          <div className="space-y-2">
            <Field label="Network" hint="Empty: the default bridge. Or a user-defined network, none, container:<name>. A macvlan / ipvlan network, or one on a host interface, needs the permission “Create privileged containers”." error={errors.network}>
              <input aria-label="Network" list="host-networks" value={form.network} onChange={(e) => set("network")(e.target.value)} placeholder="bridge" className={`${inputClass} mono w-full`} />
              <datalist id="host-networks">
                {(networks.data ?? []).map((n) => (
                  <option key={n.id} value={n.name}>{`${n.driver}${n.internal ? ", internal" : ""}`}</option>
                ))}
              </datalist>
            </Field>
            <Field label="Network aliases" hint="Extra DNS names on that network, comma separated (user-defined networks only)." error={errors.aliases}>
              {text("aliases", { placeholder: "api, api.internal" })}
            </Field>
          </div>
        </Card>
        <Card title="Restart and stop">
          <div className="grid grid-cols-2 gap-2">
            <Field label="Restart policy" error={errors.restartPolicy}>
              <select aria-label="Restart policy" value={form.restartPolicy} onChange={(e) => set("restartPolicy")(e.target.value as ContainerFormValues["restartPolicy"])} className={`${inputClass} w-full`}>
                {RESTART_POLICIES.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </Field>
            {form.restartPolicy === "on-failure" && (
              <Field label="Maximum retries" hint="0 or empty: retry forever" error={errors.restartMaxRetries}>
                {text("restartMaxRetries", { placeholder: "e.g. 5" })}
              </Field>
            )}
            <Field label="Stop timeout (seconds)" hint="How long a stop waits after SIGTERM before it sends SIGKILL. Empty: the engine's default, 10 s." error={errors.stopTimeout}>
              {text("stopTimeout", { placeholder: "10" })}
            </Field>
          </div>
          <label className="mt-3 flex items-start gap-2 text-sm text-zinc-300">
            <input type="checkbox" aria-label="Remove when it exits" checked={form.autoRemove} onChange={(e) => set("autoRemove")(e.target.checked)} className="mt-1" />
            <span>
              Remove when it exits (<span className="mono">--rm</span>)
              <span className="block text-[11px] text-zinc-500">The engine deletes the container, its logs and its anonymous volumes as soon as it stops: for one-off jobs. Not with a restart policy.</span>
            </span>
          </label>
          <FieldError message={errors.autoRemove} />
        </Card>
        <Card title="Environment">
          <KeyValueRows what="env" rows={form.env} onChange={set("env")} errorOf={rowError("env")} />
          <FieldError message={errors.env} />
          <details className="mt-3">
            <summary className="cursor-pointer text-xs text-zinc-400">Paste a .env file</summary>
            <textarea aria-label=".env file" value={dotenv} onChange={(e) => setDotenv(e.target.value)} rows={5} placeholder={"# comments are fine\nDB_HOST=db\nGREETING=\"hello world\""} className={`${inputClass} mono mt-2 w-full`} />
            <Button
              type="button"
              disabled={!dotenv.trim()}
              onClick={() => {
                setForm((f) => ({ ...f, env: mergeRows(f.env, rowsFromDotenv(dotenv)) }));
                setDotenv("");
              }}
            >
              Add to the variables
            </Button>
          </details>
        </Card>
        <Card title="Labels">
          <KeyValueRows what="label" rows={form.labels} onChange={set("labels")} errorOf={() => undefined} />
          <FieldError message={errors.labels} />
        </Card>
        {kept.length > 0 && (
          <Card title="Kept from the original" hint="Settings this form has no inputs for, copied as they were. Host namespaces, capabilities, devices and privileged mode need the permission “Create privileged containers”.">
            <pre className="mono max-h-48 overflow-auto text-xs text-zinc-300">{JSON.stringify(form.kept, null, 2)}</pre>
            <FieldError message={errors.kept} />
            <Button type="button" onClick={() => set("kept")({})}>
              Drop these
            </Button>
          </Card>
        )}
      </div>
      <div className="flex items-center justify-end gap-3 border-t border-zinc-800 pt-3">
        <label className="flex items-center gap-2 text-sm text-zinc-300">
          <input type="checkbox" checked={form.createOnly} onChange={(e) => set("createOnly")(e.target.checked)} /> Create only (do not start)
        </label>
        {create.isPending && (
          <span role="status" className="flex items-center gap-1.5 text-xs text-sky-300">
            <Spinner /> {form.createOnly ? "creating…" : "creating and starting…"}
          </span>
        )}
        <Button type="submit" variant="primary" disabled={create.isPending} data-testid="create-submit">
          {form.createOnly ? "Create" : "Run"}
        </Button>
      </div>
    </form>
  );
}
