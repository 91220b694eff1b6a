import type { AnySignal } from '../../signal';
import { addressCompletenessSignal } from './address-completeness.signal';
import { addressCountrySignal } from './address-country.signal';
import { houseNumberSignal } from './house-number.signal';
import { placeholderAddressSignal } from './placeholder-address.signal';
import { postalCodeSignal } from './postal-code.signal';

export const addressSignals: readonly AnySignal[] = [addressCompletenessSignal, postalCodeSignal, addressCountrySignal, houseNumberSignal, placeholderAddressSignal];
