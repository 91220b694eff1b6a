import type { AnySignal } from '../../signal';
import { burstSignal } from './burst.signal';
import { consecutivePhonesSignal } from './consecutive-phones.signal';
import { fraudLinkSignal } from './fraud-link.signal';
import { sharedDetailsSignal } from './shared-details.signal';

/** Signals over stored history (`facts.linkage`); quiet when screening without history (the CLI). */
export const linkageSignals: readonly AnySignal[] = [fraudLinkSignal, sharedDetailsSignal, burstSignal, consecutivePhonesSignal];
