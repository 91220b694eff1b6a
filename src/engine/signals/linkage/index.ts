import type { AnySignal } from '../../signal';
import { burstSignal } from './burst.signal';
import { consecutivePhonesSignal } from './consecutive-phones.signal';
import { fraudLinkSignal } from './fraud-link.signal';
import { identitySignal } from './identity.signal';
import { sharedDetailsSignal } from './shared-details.signal';

/** Signals over stored history (`facts.linkage`); quiet when screening without history (the CLI). */
export const linkageSignals: readonly AnySignal[] = [fraudLinkSignal, sharedDetailsSignal, burstSignal, consecutivePhonesSignal, identitySignal];

/**
 * The attribute kinds a rule set's linkage signals read: the only ones worth looking up in
 * history (a kind no rule weighs would cost an index scan per screening for nothing).
 */
export function linkageKindsOf(signals: readonly { readonly signal: AnySignal; readonly params: unknown }[]): Set<string> {
  const kinds = new Set<string>();
  for (const { signal, params } of signals) {
    if (signal === fraudLinkSignal) for (const kind of Object.keys((params as { kinds: Record<string, unknown> }).kinds)) kinds.add(kind);
    if (signal === sharedDetailsSignal) for (const kind of Object.keys((params as { kinds: Record<string, unknown> }).kinds)) kinds.add(kind);
    if (signal === identitySignal) for (const kind of Object.keys((params as { claims: Record<string, unknown> }).claims)) kinds.add(kind);
    if (signal === burstSignal) for (const kind of Object.keys((params as { rates: Record<string, unknown> }).rates)) kinds.add(kind);
    if (signal === consecutivePhonesSignal && (params as { oneAcrossIdentities: boolean }).oneAcrossIdentities) kinds.add('phone_block');
  }
  return kinds;
}
