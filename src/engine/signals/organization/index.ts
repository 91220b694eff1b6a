import type { AnySignal } from '../../signal';
import { brandOwnerSignal } from './brand-owner.signal';
import { corporateNumberSignal } from './corporate-number.signal';
import { jpTypeDomainSignal } from './jp-type-domain.signal';
import { nameDomainSignal } from './name-domain.signal';

export const organizationSignals: readonly AnySignal[] = [corporateNumberSignal, jpTypeDomainSignal, nameDomainSignal, brandOwnerSignal];
