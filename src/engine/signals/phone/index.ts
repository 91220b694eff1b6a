import type { AnySignal } from '../../signal';
import { phoneLineTypeSignal } from './phone-line-type.signal';
import { phoneValiditySignal } from './phone-validity.signal';
import { placeholderPhoneSignal } from './placeholder-phone.signal';
import { smsLineTypeSignal } from './sms-line-type.signal';
import { smsVerificationSignal } from './sms-verification.signal';

export const phoneSignals: readonly AnySignal[] = [phoneValiditySignal, phoneLineTypeSignal, smsLineTypeSignal, smsVerificationSignal, placeholderPhoneSignal];
