import type { BrandCatalogue } from '../rules/brand-catalogue';
import type { RuleList } from '../signal';
import { brandOwnerGroupOf } from '../signals/brand-owners';
import { listedDomain } from '../signals/email/email-domain';

/** The lists that name values thousands of strangers share by construction (rules/lists/). */
export const SHARED_BY_CONSTRUCTION_LISTS = ['free-mail-domains', 'carrier-mail-domains', 'isp-mail-domains', 'shared-nameservers', 'consumer-access-asns'] as const;

/**
 * Values shared by construction: a free-mail, carrier or consumer ISP mail domain, a mobile carrier's or consumer
 * ISP's network, a big DNS host's default nameservers. Known from data lists, never from how often
 * one installation has seen them: such a value ties nobody to anybody, so it carries no reputation
 * and is no campaign evidence (issue 16).
 */
export class SharedByConstruction {
  constructor(
    private readonly list: (name: (typeof SHARED_BY_CONSTRUCTION_LISTS)[number]) => RuleList,
    private readonly owners?: { readonly brands: BrandCatalogue; readonly forms: RuleList },
  ) {}

  /**
   * The brand (rules/brands.yaml) whose owner group the registrant organisation belongs to, with a
   * mailbox on the brand's own domain (`brandOwnerGroupOf`): the group's companies share its
   * nameservers and mail domain by construction, so they are related registrants, not strangers.
   */
  brandOwnerGroup(organization: Parameters<typeof brandOwnerGroupOf>[2], mailDomain: string | undefined): string | undefined {
    return this.owners ? brandOwnerGroupOf(this.owners.brands, this.owners.forms, organization, mailDomain) : undefined;
  }

  /** The listed provider of a mail domain (`ezweb.ne.jp` for `biz.ezweb.ne.jp`), if it is one. */
  mailProvider(domain: string): string | undefined {
    const ascii = domain.trim().toLowerCase().replace(/\.$/, '');
    return listedDomain(this.list('free-mail-domains'), ascii) ?? listedDomain(this.list('carrier-mail-domains'), ascii) ?? listedDomain(this.list('isp-mail-domains'), ascii);
  }

  /** A mobile carrier's (CGNAT) or consumer ISP's network. */
  accessNetwork(asn: number | undefined): boolean {
    return asn !== undefined && this.list('consumer-access-asns').has(String(asn));
  }

  /** Every server of the set is a big DNS host's or registrar's default (an empty set is not). */
  defaultNameservers(servers: readonly string[]): boolean {
    const list = this.list('shared-nameservers');
    const hosts = servers.map((server) => server.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean);
    return hosts.length > 0 && hosts.every((host) => listedDomain(list, host) !== undefined || listedDomain(list, host.replace(/\d+/g, '*')) !== undefined);
  }
}

/**
 * The shared-by-construction lists of a rule set (each list is required: the signals that read them
 * declare them), and its brands' owner groups when the rule set has brands and the corporate forms.
 */
export function sharedByConstructionOf(lists: ReadonlyMap<string, RuleList>, brands?: BrandCatalogue): SharedByConstruction | undefined {
  if (!SHARED_BY_CONSTRUCTION_LISTS.every((name) => lists.has(name))) return undefined;
  const forms = lists.get('corporate-forms');
  return new SharedByConstruction((name) => lists.get(name)!, brands && forms ? { brands, forms } : undefined);
}
