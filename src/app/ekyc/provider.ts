import type { EkycResultInput, EkycStarter } from '../review/case-types';

/** A vendor callback's HTTP request, as the adapter needs it: headers and the exact body bytes. */
export interface EkycCallbackRequest {
  readonly method: string;
  /** The request target as sent (path and query): the signature binds it. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/**
 * One eKYC vendor. `verificationUrl` makes the link the registrar shows the applicant;
 * `parseCallback` authenticates a vendor callback and turns it into a result — or throws an
 * ApiError (401 for a bad signature, 422 naming the bad field). Images never reach shinsa: an
 * adapter keeps only the vendor's reference, the result and the checks.
 */
export interface EkycProvider extends EkycStarter {
  parseCallback(request: EkycCallbackRequest, now: Date): EkycResultInput;
}

/** The configured providers by name (the `:provider` of `POST /v1/ekyc/callbacks/:provider`). */
export class EkycProviders {
  private readonly byName: ReadonlyMap<string, EkycProvider>;

  constructor(providers: readonly EkycProvider[]) {
    this.byName = new Map(providers.map((provider) => [provider.name, provider]));
  }

  get(name: string): EkycProvider | undefined {
    return this.byName.get(name);
  }

  /** The provider new requests go to: the first configured. */
  get default(): EkycProvider | undefined {
    return this.byName.values().next().value;
  }
}
