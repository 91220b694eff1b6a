import type { AnySignal } from '../../signal';
import { hostingNetworkSignal } from './hosting-network.signal';
import { signupIpSignal } from './signup-ip.signal';
import { sourcePortSignal } from './source-port.signal';

export const networkSignals: readonly AnySignal[] = [signupIpSignal, sourcePortSignal, hostingNetworkSignal];
