/**
 * How a failed create reads in a form. Our own permission refusal (FORBIDDEN: the capability gate
 * or the role) is said as what it is — "Not allowed: …" — and never as something the engine said;
 * anything else keeps the form's own prefix (e.g. "The engine refused: ").
 */
export function refusalMessage(error: { message: string; data?: { code?: string } | null }, otherwisePrefix = ""): string {
  return error.data?.code === "FORBIDDEN" ? `Not allowed: ${error.message}` : `${otherwisePrefix}${error.message}`;
}
