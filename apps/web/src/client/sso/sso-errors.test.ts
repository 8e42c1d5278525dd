import { describe, expect, it } from "vitest";
import { ssoErrorMessage, ssoStartUrl } from "./sso-errors";

describe("the login page's single sign-on refusals", () => {
  it("says the page's own words for each kind, and a general one for anything else (never the URL's text)", () => {
    expect(ssoErrorMessage("disabled")).toBe("Your Dockmaster account is disabled.");
    expect(ssoErrorMessage("Call 555-0100 to restore access")).toBe(ssoErrorMessage("provider"));
    expect(ssoErrorMessage(null)).toBeNull();
  });

  it("starts a sign-in at the server's start route with the provider id encoded", () => {
    expect(ssoStartUrl("a b&c")).toBe("/api/sso/start?provider=a%20b%26c");
  });
});
