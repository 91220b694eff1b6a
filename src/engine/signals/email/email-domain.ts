import { domainToASCII } from 'node:url';
import type { ApplicationView } from '../../application-view';
import type { RuleList } from '../../signal';

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** The domain in ASCII (punycode) form, as the bundled lists hold it; '' if it is not a valid IDN. */
export function asciiDomain(domain: string): string {
  return ASCII_ONLY.test(domain) ? domain : domainToASCII(domain);
}

/**
 * The list entry the domain is, or is a subdomain of: providers hand out addresses on
 * subdomains (biz.ezweb.ne.jp, di.pdx.ne.jp), and no one else can use a subdomain of theirs.
 */
export function listedDomain(list: RuleList, domain: string): string | undefined {
  for (let rest = domain; rest !== ''; ) {
    if (list.has(rest)) return rest;
    const dot = rest.indexOf('.');
    rest = dot === -1 ? '' : rest.slice(dot + 1);
  }
  return undefined;
}

/** The ASCII domain of the registrant's e-mail address, or undefined if there is none. */
export function registrantEmailDomain(view: ApplicationView): string | undefined {
  const domain = view.email?.domain;
  const ascii = domain ? asciiDomain(domain) : '';
  return ascii === '' ? undefined : ascii;
}
