import type { DomainName } from '../../domain-name';
import type { SignalContext } from '../../signal';

/**
 * The requested name as the domain signals judge it: a valid registrable domain that no protected
 * brand owns. A brand's own domains (and their subdomains: screening is on the registrable domain)
 * are never flagged, so every domain signal stays quiet on them.
 */
export function screenedDomainName({ view, brands }: Pick<SignalContext<unknown>, 'view' | 'brands'>): DomainName | undefined {
  const result = view.domainName;
  if (!result?.ok) return undefined;
  return brands.ownerOf(result.name.registrableDomain) ? undefined : result.name;
}
