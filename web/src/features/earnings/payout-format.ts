/** Reasons for which the mentor has nothing to do but wait. */
const WAITING = new Set(["requirements.pending_verification", "under_review"]);

/** What a payout account's restriction means to the mentor (the payment provider's own codes). */
export function restrictionText(reason: string | null | undefined): string {
  if (reason && WAITING.has(reason)) return "Your details are being verified. This usually takes a day or two; there is nothing to do for now.";
  if (reason?.startsWith("rejected.")) return "The payment provider declined this account, so it can't receive payouts. Contact support and we'll help sort it out.";
  if (reason === "transfers_inactive") return "Transfers to this account are paused by the payment provider. Review your details to turn them back on.";
  return "The payment provider needs more information from you, such as an identity document, before it can pay you.";
}

/** Whether going back to the provider's setup page can lift the restriction. */
export function mentorCanAct(reason: string | null | undefined): boolean {
  return !(reason && (WAITING.has(reason) || reason.startsWith("rejected.")));
}
