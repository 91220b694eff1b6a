import type { AnySignal } from '../../signal';

export const brandSignals: readonly AnySignal[] = [];
