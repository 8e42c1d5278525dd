import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";

/**
 * A real OpenID Provider for tests: the certified `oidc-provider` package on loopback, mounted
 * under /op (an issuer with a path), with its own small login page (username + password) and
 * consent granted for its clients. Users and their groups are mutable: a test removes a user
 * from a group "at the provider" and signs in again.
 *
 * `tamperIdToken`: replaces the ID token the token endpoint returns with one the test mints
 * with the provider's own signing key (another audience, an expired one) — what a token
 * substitution attack or a clock problem looks like to the relying party.
 */

export interface OpUser {
  password: string;
  email: string;
  emailVerified?: boolean;
  groups: string[];
}

export interface OpClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
}

export interface TestOp {
  issuer: string;
  users: Record<string, OpUser>;
  /** Set to rewrite the next ID tokens (the original's claims in, new claims out); null: untouched. */
  tamperIdToken: ((claims: JWTPayload) => JWTPayload) | null;
  /** Rewrites the redirect back to the relying party (e.g. its `state`), as an attacker in the middle would; null: untouched. */
  tamperCallback: ((url: URL) => void) | null;
  /**
   * Key rotation: the provider signs with a new key from now on and publishes only that one (the
   * old one withdrawn at once, the harder case for relying parties). Sessions and codes are kept
   * (the in-memory adapter's storage is shared).
   */
  rotateKeys(): Promise<void>;
  /** With tamperIdToken: sign with a key that is not the provider's (same key id), as a forger would. */
  forgeSignature: boolean;
  close(): Promise<void>;
}

const PREFIX = "/op";

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(new URLSearchParams(body)));
    req.on("error", reject);
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, error = ""): string {
  return `<!doctype html><html><head><title>Test OP sign-in</title></head><body>
<h1>Test identity provider</h1>${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="${PREFIX}/interaction/${escapeHtml(uid)}">
<label>OP username <input name="login" autocomplete="off"></label>
<label>OP password <input name="password" type="password"></label>
<button type="submit">Continue at the provider</button>
</form></body></html>`;
}

export async function startTestOp(options: { clients: OpClient[]; users: Record<string, OpUser> }): Promise<TestOp> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server: Server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`;
  const forgerKey = (await generateKeyPair("RS256")).privateKey;
  const users = options.users;
  let generation = 0;
  /** A fresh signing key (a new key id each time). */
  const newSigningKey = async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    generation += 1;
    return { privateKey, jwk: { ...(await exportJWK(privateKey)), kid: `test-op-key-${generation}`, alg: "RS256", use: "sig" } };
  };
  let signing = await newSigningKey();

  const build = () => new Provider(issuer, {
    clients: options.clients.map((c) => ({ ...c, grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_basic" })),
    jwks: { keys: [signing.jwk] },
    cookies: { keys: ["test-op-cookie-key"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["preferred_username"], groups: ["groups"] },
    scopes: ["openid", "profile", "email", "groups"],
    conformIdTokenClaims: false, // scope claims (groups) in the ID token, as many providers do
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = `<!doctype html><html><body><h1>Sign out of the test provider?</h1>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></body></html>`;
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `${PREFIX}/interaction/${interaction.uid}` },
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.body = `<!doctype html><html><body><h1>Provider error</h1><pre>${escapeHtml(JSON.stringify(out))}</pre></body></html>`;
    },
    findAccount: (_ctx, id) => {
      const user = users[id];
      if (!user) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, preferred_username: id, email: user.email, email_verified: user.emailVerified ?? true, groups: [...user.groups] }),
      };
    },
    // First-party clients: consent is implied (the "skip consent" recipe of oidc-provider).
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope("openid profile email groups");
      await grant.save();
      return grant;
    },
    ttl: { AuthorizationCode: 60, IdToken: 300, AccessToken: 300, Session: 3600, Interaction: 600, Grant: 3600 },
  });

  const op: TestOp = {
    issuer,
    users,
    tamperIdToken: null,
    forgeSignature: false,
    tamperCallback: null,
    rotateKeys: async () => {
      signing = await newSigningKey();
      provider = start();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  // Post-processing: a tampered redirect back, a substituted ID token signed with the provider's key.
  const tamper = async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const location = ctx.response.get("location");
    if (op.tamperCallback && location && options.clients.some((c) => c.redirect_uris.some((uri) => location.startsWith(`${uri}?`)))) {
      const url = new URL(location);
      op.tamperCallback(url);
      ctx.redirect(url.href);
    }
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === "/token" && op.tamperIdToken && body?.id_token) {
      const claims = op.tamperIdToken(decodeJwt(body.id_token));
      body.id_token = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: signing.jwk.kid }).sign(op.forgeSignature ? forgerKey : signing.privateKey);
    }
  };
  const start = () => {
    const built = build();
    built.use(tamper);
    return { instance: built, callback: built.callback() };
  };
  let provider = start();
  handle = (req, res) => {
    const url = req.url ?? "/";
    if (!url.startsWith(PREFIX)) return void res.writeHead(404).end();
    const interaction = /^\/op\/interaction\/([\w-]+)$/.exec(url.split("?")[0] ?? "");
    if (interaction) {
      void (async () => {
        const uid = interaction[1]!;
        if (req.method === "GET") return void res.writeHead(200, { "content-type": "text/html" }).end(loginPage(uid));
        const form = await readForm(req);
        const login = form.get("login") ?? "";
        const user = users[login];
        if (!user || user.password !== form.get("password")) return void res.writeHead(200, { "content-type": "text/html" }).end(loginPage(uid, "wrong username or password"));
        await provider.instance.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      })().catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      });
      return;
    }
    // Mounted under /op: the provider sees the path below it.
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
    req.url = url.slice(PREFIX.length) || "/";
    void provider.callback(req, res);
  };
  return op;
}
