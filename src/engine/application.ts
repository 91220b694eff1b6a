import { z } from 'zod';
import { unstorableTextErrors } from './storable-text';

/**
 * The application contract (DESIGN §3.1): the webhook body and one line of `shinsa screen`.
 * Every object is strict: an unknown key is an error, so a typo never silently loses data.
 * Only what is needed to identify the application and something to screen is required: a domain
 * application's domain name; a hosting application's domain or, before it has one, a registrant with
 * at least one detail. The rest is screened if present.
 */
const optionalText = z.string().trim().min(1).max(500).nullish();

const isoDateTime = z.iso.datetime({ offset: true });

export const nameSchema = z.strictObject({
  kanji: optionalText,
  kana: optionalText,
  romaji: optionalText,
});

export const organizationSchema = z.strictObject({
  name: optionalText,
  nameEn: optionalText,
  corporateNumber: z.string().trim().max(32).nullish(),
});

export const addressSchema = z.strictObject({
  postalCode: z.string().trim().max(16).nullish(),
  prefecture: optionalText,
  city: optionalText,
  line1: optionalText,
  line2: optionalText,
  country: z.string().trim().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code').nullish(),
});

export const registrantSchema = z.strictObject({
  type: z.enum(['individual', 'organization']).nullish(),
  name: nameSchema.nullish(),
  organization: organizationSchema.nullish(),
  email: z.string().trim().max(320).nullish(),
  phone: z.string().trim().max(64).nullish(),
  address: addressSchema.nullish(),
});

export const domainSchema = z.strictObject({
  name: z.string().trim().min(1).max(253),
  nameservers: z.array(z.string().trim().min(1).max(253)).max(13).nullish(),
  registrar: optionalText,
  reseller: optionalText,
});

export const hostingSchema = z.strictObject({
  plan: optionalText,
  rootAccess: z.boolean().nullish(),
});

export const smsVerificationSchema = z.strictObject({
  number: z.string().trim().max(64),
  verifiedAt: isoDateTime.nullish(),
  attempts: z.number().int().min(0).max(1000).nullish(),
});

export const verificationSchema = z.strictObject({
  sms: smsVerificationSchema.nullish(),
});

export const signupSchema = z.strictObject({
  ip: z.string().trim().max(64).nullish(),
  port: z.number().int().min(0).max(65535).nullish(),
  at: isoDateTime.nullish(),
  userAgent: z.string().max(1000).nullish(),
  acceptLanguage: z.string().max(200).nullish(),
  /** The signup's device as the registrar identifies it (an opaque id or fingerprint); only its keyed hash is kept for linkage. */
  deviceId: z.string().trim().min(1).max(200).nullish(),
});

export const paymentSchema = z.strictObject({
  method: optionalText,
  cardCountry: z.string().trim().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code').nullish(),
  fingerprint: z.string().trim().max(200).nullish(),
});

export const applicationSchema = z
  .strictObject({
    externalId: z.string().trim().min(1).max(200),
    product: z.enum(['domain', 'hosting']),
    submittedAt: isoDateTime.nullish(),
    domain: domainSchema.nullish(),
    hosting: hostingSchema.nullish(),
    registrant: registrantSchema.nullish(),
    verification: verificationSchema.nullish(),
    signup: signupSchema.nullish(),
    payment: paymentSchema.nullish(),
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
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
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
