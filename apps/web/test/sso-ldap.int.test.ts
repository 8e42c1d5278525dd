import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInRoleId } from "@dockmaster/core";
import { apiClient, removeDir, startTestPlane, trpcFailure } from "./support";
import { READER, startSlapd, SUFFIX, type TestSlapd } from "./slapd";

/** LDAP sign-in against Debian's slapd started by the test on loopback (its own config, ports and data). */

const ADMIN = { username: "admin", password: "correct horse battery" };
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let slapd: TestSlapd;
let admin: ReturnType<typeof apiClient>;
let providerId = "";
let opsTeamId = "";

const ldapConfig = (overrides: Record<string, unknown> = {}) =>
  ({ url: slapd.url, bindDn: READER.dn, userBase: `ou=people,${SUFFIX}`, groupBase: `ou=groups,${SUFFIX}`, ...overrides }) as never;

beforeAll(async () => {
  [plane, slapd] = await Promise.all([
    startTestPlane(),
    startSlapd(
      { dana: { password: "dana-ldap-pw", mail: "dana@corp.test" }, eve: { password: "eve-ldap-pw", mail: "eve@corp.test" } },
      { ops: ["dana"], everyone: ["dana", "eve"] },
    ),
  ]);
  admin = apiClient(plane.port);
  await admin.client.auth.setup.mutate(ADMIN);
  const ops = await admin.client.teams.create.mutate({ name: "ops" });
  opsTeamId = ops.id;
  await admin.client.grants.create.mutate({ subjectType: "team", subjectId: ops.id, roleId: builtInRoleId("operator"), scopeType: "global" });
});
afterAll(async () => {
  await slapd?.close();
  await plane?.close();
  removeDir(plane.dir);
});

describe("LDAP sign-in against a real slapd", () => {
  it("stores the bind password sealed, and the test button shows what the directory holds for a user", async () => {
    const saved = await admin.client.sso.saveProvider.mutate({ kind: "ldap", name: "Corp LDAP", enabled: true, secret: READER.password, config: ldapConfig() });
    providerId = saved.id;
    await admin.client.sso.addMapping.mutate({ providerId, group: "ops", teamId: opsTeamId });
    // Every mapping change is on the record, naming provider, group and team.
    expect(await plane.db.auditEvent.findFirstOrThrow({ where: { action: "sso.addMapping" } })).toMatchObject({ result: "ok", actorName: "admin", targetName: "Corp LDAP: ops → ops" });
    const row = await plane.db.identityProvider.findUniqueOrThrow({ where: { id: providerId } });
    expect(row.secretSealed).not.toContain(READER.password);
    expect(JSON.stringify(await admin.client.sso.providers.query())).not.toContain(READER.password);
    expect(await admin.client.sso.testLdap.mutate({ providerId, username: "dana" })).toEqual({
      found: true,
      dn: `uid=dana,ou=people,${SUFFIX}`,
      email: "dana@corp.test",
      username: "dana",
      groups: ["everyone", "ops"],
      teams: ["ops"],
    });
    // A filter's special characters are values, never syntax: "dan*" finds nobody (unescaped, it would find dana).
    expect(await admin.client.sso.testLdap.mutate({ providerId, username: "dan*" })).toMatchObject({ found: false, groups: [] });
  });

  it("signs a directory user in with the mapped team's access, rebuilt at each sign-in", async () => {
    const dana = apiClient(plane.port);
    expect(await trpcFailure(dana.client.auth.login.mutate({ username: "dana", password: "wrong-password" }))).toMatchObject({ code: "UNAUTHORIZED", message: "invalid username or password" });
    const first = await dana.client.auth.login.mutate({ username: "dana", password: "dana-ldap-pw" });
    expect(first.user!.globalPermissions).toContain("container.operate");
    const record = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "auth.login", result: "ok", actorName: "dana" } });
    expect(record.targetName).toContain("ldap:Corp LDAP");
    // Removed from the group in the directory: the team (and its access) is gone at the next sign-in, for the open session too.
    await slapd.setGroupMembers("ops", []);
    const again = apiClient(plane.port);
    const second = await again.client.auth.login.mutate({ username: "dana", password: "dana-ldap-pw" });
    expect(second.user!.globalPermissions).not.toContain("container.operate");
    expect((await dana.client.auth.status.query()).user!.globalPermissions).not.toContain("container.operate");
    // A directory user has no local password: with the directory's provider off, they cannot sign in.
    await admin.client.sso.saveProvider.mutate({ id: providerId, kind: "ldap", name: "Corp LDAP", enabled: false, config: ldapConfig() });
    expect(await trpcFailure(apiClient(plane.port).client.auth.login.mutate({ username: "dana", password: "dana-ldap-pw" }))).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("checks the server's certificate against the configured CA over LDAPS and StartTLS", async () => {
    const withCa = { url: slapd.ldapsUrl, caCert: slapd.caCert };
    await admin.client.sso.saveProvider.mutate({ id: providerId, kind: "ldap", name: "Corp LDAP", enabled: true, config: ldapConfig(withCa) });
    expect(await admin.client.sso.testLdap.mutate({ providerId, username: "eve" })).toMatchObject({ found: true, groups: ["everyone"] });
    const eve = await apiClient(plane.port).client.auth.login.mutate({ username: "eve", password: "eve-ldap-pw" });
    expect(eve.user!.username).toBe("eve");
    await admin.client.sso.saveProvider.mutate({ id: providerId, kind: "ldap", name: "Corp LDAP", enabled: true, config: ldapConfig({ url: slapd.url, startTls: true, caCert: slapd.caCert }) });
    expect(await admin.client.sso.testLdap.mutate({ providerId, username: "eve" })).toMatchObject({ found: true });
    // Without the CA, the self-signed chain is not trusted: refused, with a clear error.
    await admin.client.sso.saveProvider.mutate({ id: providerId, kind: "ldap", name: "Corp LDAP", enabled: true, config: ldapConfig({ url: slapd.ldapsUrl }) });
    const untrusted = await trpcFailure(admin.client.sso.testLdap.mutate({ providerId, username: "eve" }));
    expect(untrusted.code).toBe("BAD_GATEWAY");
    expect(untrusted.message).toMatch(/^the directory could not be searched: .*certificate/);
  });
});
