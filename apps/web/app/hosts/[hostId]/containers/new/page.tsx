"use client";
import { Suspense } from "react";
import Link from "next/link";
import { useParams, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import type { ContainerInspect } from "@dockmaster/protocol";
import { useTRPC } from "../../../../../src/client/trpc";
import { emptyForm, formFromSpec } from "../../../../../src/client/container-form/form-model";
import { specFromInspect } from "../../../../../src/client/container-form/spec-from-inspect";
import { ContainerForm } from "../../../../../src/client/components/ContainerForm";
import { QueryError } from "../../../../../src/client/components/ui";

/** The form filled in from an existing container ("run again with changes"), under a new name. */
function duplicateOf(inspect: ContainerInspect) {
  const values = formFromSpec(specFromInspect(inspect));
  return { ...values, name: values.name ? `${values.name}-copy` : "" };
}

function NewContainer() {
  const { hostId } = useParams<{ hostId: string }>();
  const from = useSearchParams().get("from");
  const router = useRouter();
  const trpc = useTRPC();
  const source = useQuery({ ...trpc.containers.inspect.queryOptions({ hostId, id: from ?? "" }), enabled: !!from });
  const done = (id: string) => router.push(`/hosts/${hostId}/containers/${id}`);
  const back = (
    <Link href={`/hosts/${hostId}`} className="text-sm text-sky-300 hover:underline">
      ← Containers
    </Link>
  );
  if (from && source.error) return <QueryError error={source.error} />;
  if (from && !source.data) return <p className="text-sm text-zinc-500">Reading the container to duplicate…</p>;
  const original = typeof source.data?.Name === "string" ? source.data.Name.replace(/^\//, "") : null;
  return (
    <ContainerForm
      // a new key when the source arrives, so the form starts from it
      key={from ?? "new"}
      hostId={hostId}
      initial={source.data ? duplicateOf(source.data) : emptyForm()}
      onDone={done}
      heading={
        <>
          {back}
          <h2 className="text-lg font-semibold text-white">{original ? `Run again with changes: ${original}` : "Create a container"}</h2>
        </>
      }
    />
  );
}

export default function NewContainerPage() {
  // useSearchParams needs a Suspense boundary in the App Router.
  return (
    <Suspense>
      <NewContainer />
    </Suspense>
  );
}
