import type { AnySignal } from '../../signal';
import { emailCarrierMailSignal } from './email-carrier-mail.signal';
import { emailDisposableSignal } from './email-disposable.signal';
import { emailFreeMailSignal } from './email-free-mail.signal';
import { emailValiditySignal } from './email-validity.signal';
import { localPartNameSignal } from './local-part-name.signal';
import { randomLocalPartSignal } from './random-local-part.signal';

export const emailSignals: readonly AnySignal[] = [
  emailValiditySignal,
  emailDisposableSignal,
  emailFreeMailSignal,
  emailCarrierMailSignal,
  randomLocalPartSignal,
  localPartNameSignal,
];
