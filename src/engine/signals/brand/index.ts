import type { AnySignal } from '../../signal';
import { weighedByBrandBaseRates } from './brand-base-rates';
import { brandCombosquatSignal } from './combosquat.signal';
import { brandHomoglyphSignal } from './homoglyph.signal';
import { brandJapaneseNameSignal } from './japanese-name.signal';
import { brandSubdomainSignal } from './subdomain.signal';
import { brandSuffixImitationSignal } from './suffix-imitation.signal';
import { brandTyposquatSignal } from './typosquat.signal';

/** Every brand hit carries its base rates' evidence (rules/fitted/brand-base-rates.yaml). */
export const brandSignals: readonly AnySignal[] = [
  brandCombosquatSignal,
  brandTyposquatSignal,
  brandHomoglyphSignal,
  brandJapaneseNameSignal,
  brandSuffixImitationSignal,
  brandSubdomainSignal,
].map(weighedByBrandBaseRates);
