/** `ids a, b, c (+4 more)`: the linked applications a reviewer should open. */
export function describeLinked(ids: readonly string[], total: number, shown: number): string {
  const listed = ids.slice(0, shown);
  if (listed.length === 0) return '';
  const more = total - listed.length;
  return `applications ${listed.join(', ')}${more > 0 ? ` (+${more} more)` : ''}`;
}

/** Attribute kinds in words, for details. */
const KIND_WORDS: Readonly<Record<string, string>> = {
  phone: 'phone number',
  phone_block: 'phone block (all but the last 4 digits)',
  named_phone_block: 'name on one phone block',
  sms_phone: 'SMS-verified number',
  email: 'e-mail address',
  email_domain: 'e-mail domain',
  address: 'address',
  postal_code: 'postal code',
  name: 'registrant name',
  organization: 'organisation name',
  corporate_number: 'corporate number',
  ip_prefix: 'signup network (/24 or /48)',
  asn: 'signup AS',
  nameservers: 'nameserver set',
  registrar: 'registrar',
  reseller: 'reseller',
  payment_fingerprint: 'payment card',
  device: 'signup device',
  registrable_domain: 'domain',
};

export function kindWords(kind: string): string {
  return KIND_WORDS[kind] ?? kind;
}
