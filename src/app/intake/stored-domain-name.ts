import { parseDomainName } from '../../engine';

/**
 * A domain name as stored everywhere (applications, active domains, labels, look-ups): the
 * engine's lower-case ASCII form, an IDN as punycode (`例え.jp` → `xn--r8jz45g.jp`), so the
 * webhook and the portfolio import name one domain alike. A name the engine cannot parse is kept
 * trimmed and in lower case (the screening says what is wrong with it).
 */
export function storedDomainName(name: string): string {
  const parsed = parseDomainName(name);
  return parsed.ok ? parsed.name.ascii : name.trim().toLowerCase().replace(/\.$/, '');
}
