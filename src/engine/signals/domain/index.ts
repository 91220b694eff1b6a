import type { AnySignal } from '../../signal';

export const domainSignals: readonly AnySignal[] = [];
