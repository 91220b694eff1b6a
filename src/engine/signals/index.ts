import { SignalRegistry } from '../registry';
import type { AnySignal } from '../signal';
import { accountSignals } from './account';
import { addressSignals } from './address';
import { brandSignals } from './brand';
import { domainSignals } from './domain';
import { emailSignals } from './email';
import { linkageSignals } from './linkage';
import { nameSignals } from './name';
import { networkSignals } from './network';
import { organizationSignals } from './organization';
import { phoneSignals } from './phone';

/** Every signal, in the order the engine runs them and lists their hits. */
export const ALL_SIGNALS: readonly AnySignal[] = [
  ...brandSignals,
  ...domainSignals,
  ...nameSignals,
  ...phoneSignals,
  ...addressSignals,
  ...emailSignals,
  ...organizationSignals,
  ...networkSignals,
  ...accountSignals,
  ...linkageSignals,
];

export function defaultSignalRegistry(): SignalRegistry {
  return new SignalRegistry(ALL_SIGNALS);
}
