import { z } from "zod";
import { acceptInvitation, actorFor, AppError, PERMISSIONS, authenticateWithPassword, beginLoginAttempt, createSession, hashToken, issueLoginChallenge, loginOptions, oidcLogoutUrl, openLoginChallenge, verifySecondFactor, deleteSession, needsSetup, SESSION_COOKIE, setupFirstAdmin, type Actor, type SsoSessionOrigin } from "@dockmaster/core";
import type { ApiContext } from "../context";
import { publicProcedure, sessionProcedure } from "../procedures";
import { t } from "../trpc";
import { setSessionCookie } from "../session-cookie";

const Credentials = {
  username: z.string().trim().min(1, "username is required").max(64).regex(/^[a-zA-Z0-9._@-]+$/, "username may contain letters, digits and . _ @ -"),
  password: z.string().min(1, "password is required").max(1024),
};

async function startSession(ctx: ApiContext, actor: Actor, sso?: SsoSessionOrigin): Promise<void> {
  const token = await createSession(ctx.db, actor.id, ctx.client, sso);
  setSessionCookie(ctx.cookies, token, ctx.secureCookies);
  ctx.auditNote.actor = { type: "user", id: actor.id, name: actor.username };
}

/** Who is signed in, and what they may do everywhere or somewhere (the UI hides what they may not). */
const publicUser = (actor: Actor) => ({
  id: actor.id,
  username: actor.username,
  role: actor.access.can("user.manage") ? "admin" : "member",
  mustSetUpTwoFactor: actor.mustSetUpTwoFactor ?? false,
  globalPermissions: actor.access.explain().map((e) => e.permission),
  /** Held globally or on at least one host: a page that lists hosts asks only if host.view is here. */
  anywherePermissions: PERMISSIONS.filter((p) => actor.access.canAnywhere(p)),
});

export const authRouter = t.router({
  status: publicProcedure().query(async ({ ctx }) => ({
    needsSetup: await needsSetup(ctx.db),
    user: ctx.actor ? publicUser(ctx.actor) : null,
  })),

  /** The login page's single sign-on buttons, and the provider to go straight to (break-glass: /login?local). */
  providers: publicProcedure().query(({ ctx }) => loginOptions(ctx.db)),

  setup: publicProcedure(Credentials).mutation(async ({ ctx, input }) => {
    ctx.auditNote.actor = { type: "anonymous", name: input.username };
    const actor = await setupFirstAdmin(ctx.db, input.username, input.password);
    await startSession(ctx, actor);
    return { user: publicUser(actor) };
  }),

  login: publicProcedure(Credentials).mutation(async ({ ctx, input }) => {
    ctx.auditNote.actor = { type: "anonymous", name: input.username };
    const ip = ctx.client.ip ?? "unknown";
    const attempt = await beginLoginAttempt(ctx.db, input.username, ip);
    // A local account, or an LDAP directory's user (whose mapped teams are rebuilt here).
    const { actor, via, teamsChanged, teams } = await authenticateWithPassword(ctx.db, ctx.secrets, input.username, input.password).catch(async (error: unknown) => {
      await attempt.failed();
      throw error;
    });
    if (teamsChanged) ctx.notify.accessChanged();
    if (via !== "local") ctx.auditNote.target = { type: "login", name: `${via}; teams ${JSON.stringify(teams)}`.slice(0, 300) };
    const { totpEnabledAt } = await ctx.db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { totpEnabledAt: true } });
    if (totpEnabledAt) {
      // Not a failure, not yet a sign-in: the code step is counted as an attempt of its own.
      await attempt.passedPassword();
      ctx.auditNote.target = { type: "login", name: `password ok (${via}), second factor required` };
      return { totpRequired: true as const, challenge: issueLoginChallenge(ctx.secrets, actor.id), user: null };
    }
    await attempt.succeeded();
    await startSession(ctx, actor);
    return { totpRequired: false as const, challenge: null, user: publicUser(actor) };
  }),

  /** Second step for users with two-factor on: a TOTP code or a recovery code. */
  loginTotp: publicProcedure({ challenge: z.string().min(1).max(8000), code: z.string().trim().min(6).max(20) }).mutation(async ({ ctx, input }) => {
    const { userId, sso } = openLoginChallenge(ctx.secrets, input.challenge);
    const user = await ctx.db.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } });
    ctx.auditNote.actor = { type: "anonymous", id: userId, name: user.username };
    const ip = ctx.client.ip ?? "unknown";
    const attempt = await beginLoginAttempt(ctx.db, user.username, ip);
    if (!(await verifySecondFactor(ctx.db, ctx.secrets, userId, input.code))) {
      await attempt.failed();
      throw new AppError("UNAUTHORIZED", "invalid two-factor code");
    }
    await attempt.succeeded();
    const actor = await actorFor(ctx.db, userId);
    if (!actor) throw new AppError("UNAUTHORIZED", "invalid username or password");
    await startSession(ctx, actor, sso);
    return { user: publicUser(actor) };
  }),

  /** An invited user sets their password with the token from their link. */
  acceptInvitation: publicProcedure({ token: z.string().min(10).max(200), password: z.string().min(1).max(1024) }).mutation(async ({ ctx, input }) => {
    const user = await acceptInvitation(ctx.db, input.token, input.password);
    ctx.auditNote.actor = { type: "anonymous", id: user.id, name: user.username };
    return { username: user.username };
  }),

  /**
   * Ends the Dockmaster session; a session from an OpenID provider also gets the provider's
   * end-session URL (RP-initiated logout), where the browser goes next.
   */
  logout: sessionProcedure().mutation(async ({ ctx }) => {
    let providerLogoutUrl: string | null = null;
    if (ctx.sessionToken) {
      const session = await ctx.db.session.findUnique({ where: { id: hashToken(ctx.sessionToken) }, select: { ssoProviderId: true, idTokenSealed: true } });
      if (session?.ssoProviderId && ctx.origin) {
        const idToken = session.idTokenSealed ? ctx.secrets.open(session.idTokenSealed) : null;
        providerLogoutUrl = await oidcLogoutUrl(ctx.db, ctx.secrets, session.ssoProviderId, idToken, `${ctx.origin}/login`);
      }
      await deleteSession(ctx.db, ctx.sessionToken);
    }
    ctx.cookies.clear(SESSION_COOKIE);
    return { ok: true as const, providerLogoutUrl };
  }),
});
