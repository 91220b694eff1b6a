import type { AnySignal } from '../../signal';
import { establishedAccountSignal } from './established-account.signal';
import { newAccountVolumeSignal } from './new-account-volume.signal';
import { resellerAccountSignal } from './reseller-account.signal';

/** Signals over the registrar's customer account (`application.account`). */
export const accountSignals: readonly AnySignal[] = [establishedAccountSignal, newAccountVolumeSignal, resellerAccountSignal];
