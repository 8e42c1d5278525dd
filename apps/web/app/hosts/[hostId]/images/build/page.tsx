"use client";
import { useParams } from "next/navigation";
import { BuildImage } from "../../../../../src/client/images/BuildImage";

export default function BuildImagePage() {
  const { hostId } = useParams<{ hostId: string }>();
  return <BuildImage hostId={hostId} />;
}
