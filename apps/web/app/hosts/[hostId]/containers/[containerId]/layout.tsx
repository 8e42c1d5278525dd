import type { ReactNode } from "react";
import { hostPageTitle } from "../../../../../src/server/page-title";
import ContainerTabs from "./ContainerTabs";

export const generateMetadata = hostPageTitle("Container");

/** The container's tabs (a client component) under a title naming the container and its host. */
export default function ContainerLayout({ children }: { children: ReactNode }) {
  return <ContainerTabs>{children}</ContainerTabs>;
}
