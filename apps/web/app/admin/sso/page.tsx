"use client";
import { NoAccessNotice } from "../../../src/client/components/NoAccessNotice";
import { useGlobalPermissions } from "../../../src/client/permissions";
import { SsoAdmin } from "../../../src/client/sso/SsoAdmin";

/** Identity providers need settings.manage (held globally); without it the page says so and asks nothing. */
export default function SsoPage() {
  if (!useGlobalPermissions().has("settings.manage")) return <NoAccessNotice testId="sso-not-allowed">Configuring single sign-on needs permission settings.manage — ask an admin for a grant.</NoAccessNotice>;
  return <SsoAdmin />;
}
