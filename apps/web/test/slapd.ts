import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Attribute, Change, Client } from "ldapts";
import { waitFor } from "./support";

/**
 * Debian's slapd for tests: our own process on loopback ports with a temporary config and
 * database directory (never the system's slapd), ldap:// (StartTLS offered) and ldaps:// with a
 * certificate from a throwaway CA. A service account may search; anonymous users may only bind.
 */

export const SUFFIX = "dc=corp,dc=test";
export const READER = { dn: `cn=reader,${SUFFIX}`, password: "reader-secret-0123" };
const ROOT = { dn: `cn=admin,${SUFFIX}`, password: "root-secret-0123" };

export interface LdapUser {
  password: string;
  mail: string;
}

export interface TestSlapd {
  url: string;
  ldapsUrl: string;
  /** The CA that signed the server's certificate (PEM). */
  caCert: string;
  /** Replaces a group's members (by uid) as the directory's admin would. */
  setGroupMembers(group: string, uids: string[]): Promise<void>;
  close(): Promise<void>;
}

const PLACEHOLDER = `cn=placeholder,${SUFFIX}`; // groupOfNames needs one member at least
const userDn = (uid: string) => `uid=${uid},ou=people,${SUFFIX}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
}

function makeCertificates(dir: string) {
  const file = (name: string) => join(dir, name);
  writeFileSync(file("san.cnf"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Test LDAP CA", "-keyout", file("ca.key"), "-out", file("ca.pem")]);
  run("openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", file("server.key"), "-out", file("server.csr")]);
  run("openssl", ["x509", "-req", "-in", file("server.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial", "-days", "1", "-extfile", file("san.cnf"), "-out", file("server.pem")]);
}

function ldif(users: Record<string, LdapUser>, groups: Record<string, string[]>): string {
  const entries = [
    `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: corp\no: Corp`,
    `dn: ${READER.dn}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: reader\nuserPassword: ${READER.password}`,
    `dn: ${PLACEHOLDER}\nobjectClass: organizationalRole\ncn: placeholder`,
    `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ou=groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: groups`,
    ...Object.entries(users).map(([uid, u]) => `dn: ${userDn(uid)}\nobjectClass: inetOrgPerson\nuid: ${uid}\ncn: ${uid}\nsn: ${uid}\nmail: ${u.mail}\nuserPassword: ${u.password}`),
    ...Object.entries(groups).map(([cn, uids]) => `dn: cn=${cn},ou=groups,${SUFFIX}\nobjectClass: groupOfNames\ncn: ${cn}\nmember: ${PLACEHOLDER}${uids.map((u) => `\nmember: ${userDn(u)}`).join("")}`),
  ];
  return `${entries.join("\n\n")}\n`;
}

export async function startSlapd(users: Record<string, LdapUser>, groups: Record<string, string[]>): Promise<TestSlapd> {
  const dir = mkdtempSync(join(tmpdir(), "dm-slapd-"));
  makeCertificates(dir);
  const schema = ["core", "cosine", "inetorgperson", "nis"].map((s) => `include /etc/ldap/schema/${s}.schema`).join("\n");
  const config = join(dir, "slapd.conf");
  writeFileSync(
    config,
    `${schema}
pidfile ${join(dir, "slapd.pid")}
modulepath /usr/lib/ldap
moduleload back_mdb
TLSCACertificateFile ${join(dir, "ca.pem")}
TLSCertificateFile ${join(dir, "server.pem")}
TLSCertificateKeyFile ${join(dir, "server.key")}
database mdb
maxsize 10485760
suffix "${SUFFIX}"
rootdn "${ROOT.dn}"
rootpw ${ROOT.password}
directory ${dir}
access to attrs=userPassword by self read by anonymous auth by * none
access to * by users read by * none
`,
  );
  writeFileSync(join(dir, "data.ldif"), ldif(users, groups));
  run("/usr/sbin/slapadd", ["-f", config, "-l", join(dir, "data.ldif")]);
  const [port, tlsPort] = [await freePort(), await freePort()];
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = `ldaps://127.0.0.1:${tlsPort}`;
  // -d 0: stays in the foreground (a child of this test, stopped by its pid).
  const child = spawn("/usr/sbin/slapd", ["-f", config, "-h", `${url}/ ${ldapsUrl}/`, "-d", "0"], { stdio: "pipe" });
  let output = "";
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`slapd exited: ${output}`);
    const probe = new Client({ url, connectTimeout: 500 });
    await probe.bind(READER.dn, READER.password);
    await probe.unbind();
    return true;
  }, "slapd to accept binds", 10_000);

  return {
    url,
    ldapsUrl,
    caCert: readFileSync(join(dir, "ca.pem"), "utf8"),
    async setGroupMembers(group, uids) {
      const admin = new Client({ url });
      await admin.bind(ROOT.dn, ROOT.password);
      await admin.modify(`cn=${group},ou=groups,${SUFFIX}`, new Change({ operation: "replace", modification: new Attribute({ type: "member", values: [PLACEHOLDER, ...uids.map(userDn)] }) }));
      await admin.unbind();
    },
    async close() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
