import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { withMessages } from "../../i18n/testing";
import { CidrExplanation } from "./CidrExplanation";

const render = (props: Parameters<typeof CidrExplanation>[0]) => renderToStaticMarkup(withMessages(createElement(CidrExplanation, props)));

describe("CidrExplanation (what the create form shows as the user types)", () => {
  it("explains the seed case: 172.30.0.0/30 with gateway 172.30.0.1", () => {
    const html = render({ subnet: "172.30.0.0/30", gateway: "172.30.0.1" });
    expect(html).toContain('data-testid="cidr-explanation"');
    expect(html).toContain("2 usable addresses");
    expect(html).toContain("172.30.0.3"); // broadcast
    expect(html).toContain("255.255.255.252");
    expect(html).toContain("Gateway 172.30.0.1 is a host address of 172.30.0.0/30");
    expect(html).not.toContain('role="alert"');
  });
  it("shows the problem while the user is still typing, field by field", () => {
    expect(render({ subnet: "172.30.0." })).toContain("needs a prefix length");
    expect(render({ subnet: "172.30.0/24" })).toContain("is not an IPv4 address");
    expect(render({ subnet: "172.30.0.0/30", gateway: "172.30.0.9" })).toContain("gateway 172.30.0.9 is outside 172.30.0.0/30");
  });
  it("says what an empty subnet means", () => {
    expect(render({ subnet: "" })).toContain("default address pools");
  });
});
