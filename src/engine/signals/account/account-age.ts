import type { CustomerAccount } from '../../application';
import type { SignalContext } from '../../signal';

const DAY_MS = 86_400_000;

/**
 * The account's age in days at the time of screening (`facts.asOf`, else the application's
 * `submittedAt`), or undefined when neither time is known or a date does not parse.
 */
export function accountAgeDays(account: CustomerAccount, context: Pick<SignalContext<unknown>, 'application' | 'facts'>): number | undefined {
  const reference = context.facts.asOf ?? context.application.submittedAt;
  if (!reference) return undefined;
  const opened = Date.parse(account.openedAt);
  const now = Date.parse(reference);
  if (Number.isNaN(opened) || Number.isNaN(now)) return undefined;
  // An account opened a moment "after" the screening (clock skew) is as new as an account gets.
  return Math.max(0, (now - opened) / DAY_MS);
}

/** An age in words: `3 years`, `5 months`, `12 days`, `2 hours`. */
export function ageWords(days: number): string {
  if (days >= 730) return `${Math.floor(days / 365)} years`;
  if (days >= 365) return '1 year';
  if (days >= 60) return `${Math.floor(days / 30)} months`;
  if (days >= 2) return `${Math.floor(days)} days`;
  const hours = Math.floor(days * 24);
  return hours >= 2 ? `${hours} hours` : 'less than two hours';
}

/** What stored history knows about the account id (absent without history, or when the kind is not looked up). */
export function accountHistory(context: Pick<SignalContext<unknown>, 'facts'>) {
  return context.facts.linkage?.attributes.find((attribute) => attribute.kind === 'account');
}
