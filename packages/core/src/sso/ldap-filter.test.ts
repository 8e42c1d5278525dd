import { describe, expect, it } from "vitest";
import { fillFilter } from "./ldap";

describe("LDAP filter templates", () => {
  it("puts values in as values: the filter's special characters escaped (RFC 4515)", () => {
    expect(fillFilter("(uid={username})", { username: "dana" })).toBe("(uid=dana)");
    expect(fillFilter("(uid={username})", { username: "*)(uid=*" })).toBe("(uid=\\2a\\29\\28uid=\\2a)");
    expect(fillFilter("(member={dn})", { dn: "cn=a\\b,dc=x" })).toBe("(member=cn=a\\5cb,dc=x)");
  });

  it("leaves an unknown placeholder as written (a misconfigured filter finds nothing rather than everything)", () => {
    expect(fillFilter("(|(member={dn})(x={other}))", { dn: "uid=a" })).toBe("(|(member=uid=a)(x={other}))");
  });
});
