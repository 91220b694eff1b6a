import type { AnySignal } from '../../signal';
import { accountWordSignal } from './account-word.signal';
import { domainSeriesSignal } from './domain-series.signal';
import { domainValiditySignal } from './domain-validity.signal';
import { jpTokenSignal } from './jp-token.signal';
import { labelShapeSignal } from './label-shape.signal';
import { mixedScriptSignal } from './mixed-script.signal';
import { randomLabelSignal } from './random-label.signal';
import { tldRiskSignal } from './tld-risk.signal';

export const domainSignals: readonly AnySignal[] = [domainValiditySignal, tldRiskSignal, randomLabelSignal, labelShapeSignal, jpTokenSignal, accountWordSignal, mixedScriptSignal, domainSeriesSignal];
