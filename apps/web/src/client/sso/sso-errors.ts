/**
 * What the login page says for each kind of refused single sign-on (/login?sso_error=<kind>).
 * The words are the page's own: the URL only picks one, so a crafted link cannot put text here.
 */
const MESSAGES: Record<string, string> = {
  state: "The sign-in could not be verified: it did not start in this browser or was already used. Start again.",
  code: "The identity provider refused the sign-in code (it may have been used already). Start again.",
  token: "The identity provider's ID token was refused (wrong audience, expired or bad signature). Ask an admin.",
  group: "Your account is in no group that gives access to Dockmaster. Ask an admin.",
  disabled: "Your Dockmaster account is disabled.",
  account: "There is no Dockmaster account for you, and new accounts are not created automatically. Ask an admin.",
  provider: "Single sign-on failed: the identity provider could not be reached or answered an error.",
};

export function ssoErrorMessage(kind: string | null): string | null {
  if (!kind) return null;
  return MESSAGES[kind] ?? MESSAGES.provider!;
}

/** The start of a sign-in through a provider: a plain navigation (the server redirects to the provider). */
export const ssoStartUrl = (providerId: string) => `/api/sso/start?provider=${encodeURIComponent(providerId)}`;
