import { z } from 'zod';
import { unstorableTextErrors } from './storable-text';

/**
 * The application contract (docs/API.md, "The application"): the webhook body and one line of `shinsa screen`.
 * Every object is strict: an unknown key is an error, so a typo never silently loses data.
 * Only what is needed to identify the application and something to screen is required: a domain
 * application's domain name; a hosting application's domain or, before it has one, a registrant with
 * at least one detail. The rest is screened if present.
 */
const optionalText = z.string().trim().min(1).max(500).nullish();

const isoDateTime = z.iso.datetime({ offset: true });

const nameSchema = z.strictObject({
  kanji: optionalText.describe('The name in kanji (or as written), family name first: `佐藤 花子`'),
  kana: optionalText.describe('Its reading in katakana or hiragana: `サトウ ハナコ`'),
  romaji: optionalText.describe('Its romanisation, in either order: `Hanako Sato`'),
});

const organizationSchema = z.strictObject({
  name: optionalText.describe('The organisation’s registered name: `株式会社例`'),
  nameEn: optionalText.describe('Its English name: `Example K.K.`'),
  corporateNumber: z.string().trim().max(32).nullish().describe('The 13-digit corporate number (法人番号); its check digit is verified'),
});

const addressSchema = z.strictObject({
  postalCode: z.string().trim().max(16).nullish().describe('Japanese postal code, `100-0001` or `1000001`; checked against the prefecture and city'),
  prefecture: optionalText.describe('都道府県: `東京都`'),
  city: optionalText.describe('市区町村: `千代田区`'),
  line1: optionalText.describe('The street address: `千代田1-1`'),
  line2: optionalText.describe('Building and room (ignored when linking addresses)'),
  country: z.string().trim().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code').nullish().describe('ISO 3166-1 alpha-2 country code: `JP`'),
});

const registrantSchema = z.strictObject({
  type: z.enum(['individual', 'organization']).nullish().describe('A person or an organisation'),
  name: nameSchema.nullish().describe('The registrant’s (or the organisation’s contact person’s) name'),
  organization: organizationSchema.nullish().describe('For an organisation'),
  email: z.string().trim().max(320).nullish().describe('The contact e-mail address'),
  phone: z.string().trim().max(64).nullish().describe('The contact phone number, international (`+81 90-1234-5678`) or Japanese domestic (`090-1234-5678`)'),
  address: addressSchema.nullish().describe('The postal address'),
});

const domainSchema = z.strictObject({
  name: z.string().trim().min(1).max(253).describe('The domain applied for, in Unicode or punycode: `example.jp`, `例え.jp`'),
  nameservers: z.array(z.string().trim().min(1).max(253)).max(13).nullish().describe('The name servers it is to be delegated to'),
  registrar: optionalText.describe('The registrar’s id (yours, or the accredited registrar behind a reseller)'),
  reseller: optionalText.describe('The reseller’s id, if the registration came through one'),
});

const hostingSchema = z.strictObject({
  plan: optionalText.describe('The plan’s name: `vps`, `shared`…'),
  rootAccess: z.boolean().nullish().describe('Whether the plan gives root access'),
});

const smsVerificationSchema = z.strictObject({
  number: z.string().trim().max(64).describe('The number the SMS code was sent to'),
  verifiedAt: isoDateTime.nullish().describe('When the code was confirmed'),
  attempts: z.number().int().min(0).max(1000).nullish().describe('How many codes were sent before one was confirmed'),
});

const verificationSchema = z.strictObject({
  sms: smsVerificationSchema.nullish().describe('SMS verification (proves possession of a number for a moment, not identity)'),
});

const signupSchema = z.strictObject({
  ip: z.string().trim().max(64).nullish().describe('The signup’s source IP address (IPv4 or IPv6), stored as given'),
  port: z.number().int().min(0).max(65535).nullish().describe('The source port: behind carrier-grade NAT the address alone does not identify the subscriber'),
  at: isoDateTime.nullish().describe('When the signup form was submitted'),
  userAgent: z.string().max(1000).nullish().describe('The browser’s User-Agent header'),
  acceptLanguage: z.string().max(200).nullish().describe('The browser’s Accept-Language header'),
  /** The signup's device as the registrar identifies it (an opaque id or fingerprint); only its keyed hash is kept for linkage. */
  deviceId: z.string().trim().min(1).max(200).nullish().describe('Your id or fingerprint of the signup’s browser or app, opaque to shinsa; only its keyed hash is kept for linkage'),
});

const paymentSchema = z.strictObject({
  method: optionalText.describe('How the applicant pays: `card`, `bank_transfer`, `convenience_store`…'),
  cardCountry: z.string().trim().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code').nullish().describe('The issuing country of the card (ISO 3166-1 alpha-2)'),
  fingerprint: z.string().trim().max(200).nullish().describe('Your payment processor’s fingerprint of the card or account (`sha256:…`); only its keyed hash is kept for linkage'),
});

const accountSchema = z.strictObject({
  id: z.string().trim().min(1).max(200).describe('Your customer account id of the applicant (opaque to shinsa); only its keyed hash is kept, to see what else the account applied for'),
  openedAt: isoDateTime.describe('When the account was opened, with an offset: `2021-04-01T09:00:00+09:00`; not later than the time of screening (5 minutes of clock skew allowed)'),
  domainCount: z.number().int().min(0).max(10_000_000).describe('How many domains the account holds now (before this application)'),
  reseller: z.boolean().describe('A reseller or agency account, registering for its own clients: their shared details (the agency’s nameservers, mailbox or card) are not one campaign'),
});

export const applicationSchema = z
  .strictObject({
    externalId: z.string().trim().min(1).max(200).describe('Your id of the application; a second submission with the same externalId is a revision of the same application'),
    product: z.enum(['domain', 'hosting']).describe('A domain registration or a hosting signup'),
    submittedAt: isoDateTime.nullish().describe('When the applicant submitted it, with an offset: `2026-11-27T10:15:00+09:00`'),
    domain: domainSchema.nullish().describe('The domain applied for: required for a `domain` application'),
    hosting: hostingSchema.nullish().describe('Hosting signups only'),
    registrant: registrantSchema.nullish().describe('Who applies: required (with at least one detail) for a `hosting` signup without a domain'),
    verification: verificationSchema.nullish().describe('Checks you already ran'),
    signup: signupSchema.nullish().describe('The signup’s network and browser'),
    payment: paymentSchema.nullish().describe('How the applicant pays'),
    account: accountSchema.nullish().describe('Your customer account the application is made from, when you have one: an account years old without abuse is evidence for the applicant, a new one registering many names fast is not'),
  })
  .superRefine((application, context) => {
    // Something to screen: a domain application's minimum is its domain name; a hosting signup may
    // come before its domain, and then the registrant is what is screened. Otherwise the answer
    // would be `allow 0` about nothing.
    if (application.domain) return;
    if (application.product === 'domain') {
      context.addIssue({ code: 'custom', path: ['domain'], message: 'required: a domain application needs the domain name to screen' });
    } else if (!identifiesSomeone(application.registrant)) {
      context.addIssue({
        code: 'custom',
        path: ['registrant'],
        message: 'required: a hosting application without a domain needs a registrant with a name, organisation, e-mail, phone or address to screen',
      });
    }
  })
  .meta({
    id: 'Application',
    description:
      'One application: the body of `POST /v1/screenings` and one line of `shinsa screen`. Every object is strict (an unknown field is a 422 naming it). Required: `externalId`, `product`, and something to screen — `domain.name` for a `domain` application; for a `hosting` signup without a domain, a `registrant` with at least one detail. Everything else is optional and screened if present; `null` is the same as absent.',
  });

/** The registrant gives at least one detail about who applies. */
function identifiesSomeone(registrant: z.infer<typeof registrantSchema> | null | undefined): boolean {
  if (!registrant) return false;
  const { name, organization, address } = registrant;
  return Boolean(
    name?.kanji || name?.kana || name?.romaji ||
      organization?.name || organization?.nameEn || organization?.corporateNumber ||
      registrant.email || registrant.phone ||
      address?.postalCode || address?.prefecture || address?.city || address?.line1 || address?.line2,
  );
}

export type Application = z.infer<typeof applicationSchema>;
export type CustomerAccount = z.infer<typeof accountSchema>;

/** How far ahead of the screening's clock an `account.openedAt` may lie (the two clocks differ a little). */
export const ACCOUNT_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The checks of the application that need the time of screening (which the schema cannot know):
 * an account cannot have been opened after it. `asOf` is the arrival time in the service, the
 * application's own time in a replay, the run's start in `shinsa screen`.
 */
export function applicationClockErrors(application: Application, asOf: Date): FieldError[] {
  const openedAt = application.account?.openedAt;
  if (!openedAt) return [];
  if (Date.parse(openedAt) > asOf.getTime() + ACCOUNT_CLOCK_SKEW_MS) {
    return [{ field: 'account.openedAt', message: `in the future: ${openedAt} is after the time of screening (${asOf.toISOString()})` }];
  }
  return [];
}
export type Registrant = z.infer<typeof registrantSchema>;
export type RegistrantName = z.infer<typeof nameSchema>;

export interface FieldError {
  /** Dotted path of the bad field, e.g. `registrant.address.postalCode`. */
  readonly field: string;
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly application: Application }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** Every problem of a failed validation, named by its dotted path (unknown keys one by one). */
function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, message: 'unknown field' }));
    }
    return [{ field: base || '(root)', message: issue.message }];
  });
}

export type ContractResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * Validates an untrusted value against a contract (the application, a label, an abuse report, an
 * eKYC result): the schema's problems and every string that cannot be stored, each field named once.
 */
export function parseContract<T>(schema: z.ZodType<T>, value: unknown): ContractResult<T> {
  const unstorable = unstorableTextErrors(value);
  const parsed = schema.safeParse(value);
  if (parsed.success && unstorable.length === 0) return { ok: true, value: parsed.data };
  const named = new Set(unstorable.map((error) => error.field));
  return { ok: false, errors: [...unstorable, ...(parsed.success ? [] : fieldErrorsOf(parsed.error).filter((error) => !named.has(error.field)))] };
}

/** Validates an untrusted value against the application contract, naming every bad field. */
export function parseApplication(value: unknown): ParseResult {
  const result = parseContract(applicationSchema, value);
  return result.ok ? { ok: true, application: result.value } : { ok: false, errors: result.errors };
}
