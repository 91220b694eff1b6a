import type { AnySignal } from '../../signal';
import { brandCombosquatSignal } from './combosquat.signal';
import { brandHomoglyphSignal } from './homoglyph.signal';
import { brandJapaneseNameSignal } from './japanese-name.signal';
import { brandSubdomainSignal } from './subdomain.signal';
import { brandSuffixImitationSignal } from './suffix-imitation.signal';
import { brandTyposquatSignal } from './typosquat.signal';

export const brandSignals: readonly AnySignal[] = [
  brandCombosquatSignal,
  brandTyposquatSignal,
  brandHomoglyphSignal,
  brandJapaneseNameSignal,
  brandSuffixImitationSignal,
  brandSubdomainSignal,
];
