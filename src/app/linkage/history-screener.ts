import type { Application, Assessment, NetworkFacts, RuleSet, ScreeningFacts } from '../../engine';
import { sharedByConstructionOf, type SharedByConstruction } from '../../engine/linkage/shared-by-construction';
import { linkageKindsOf } from '../../engine/signals/linkage';
import type { Screener } from '../../screening/screener';
import type { MasterKeys } from '../crypto/secret-box';
import { extractAttributes, IDENTITY_KINDS } from './attributes';
import { hashAttributes, phoneNumbersOf, type HashedAttribute, type LinkageLookup, type LinkageResult } from './linkage-lookup';

/** What an application brings to the history look-up, and what is stored for later ones. */
export interface LinkageInputs {
  readonly network: NetworkFacts | undefined;
  /** Every normalised attribute, hashed (all are stored; only the kinds the rules read are looked up). */
  readonly attributes: readonly HashedAttribute[];
  readonly phoneNumbers: readonly string[];
}

export interface HistoryOptions {
  readonly domainName: string | null;
  readonly asOf: Date;
  /** The application itself when it is already stored (a re-screening). */
  readonly self: string | null;
  /** The client that sent it: its customer account ids mean something only within that client. */
  readonly clientId?: string;
}

export interface ScreenedWithHistory {
  readonly assessment: Assessment;
  readonly facts: ScreeningFacts;
  readonly inputs: LinkageInputs;
}

/**
 * Screening with stored history, as the intake, the re-screening and the benchmark all do it:
 * network facts, attributes, the look-up for the kinds the rules read (worked out once per rule
 * set), then the engine.
 */
export class HistoryScreener {
  private readonly lookedUp: ReadonlySet<string>;
  private readonly shared: SharedByConstruction | undefined;

  constructor(
    readonly screener: Pick<Screener, 'engine' | 'factsFor'>,
    private readonly lookup: Pick<LinkageLookup, 'factsFor'>,
    private readonly keys: MasterKeys,
    private readonly options: { readonly linkage: boolean; readonly alsoFor?: readonly RuleSet[] } = { linkage: true },
  ) {
    // A shadow rule set (`alsoFor`) may read kinds the deciding one does not: look those up too, so
    // both are given the same facts. Signals read only the kinds their own rules name.
    this.lookedUp = linkageKindsOf([screener.engine.rules, ...(options.alsoFor ?? [])].flatMap((rules) => rules.signals));
    this.shared = sharedByConstructionOf(screener.engine.rules.lists, screener.engine.rules.brands);
  }

  /** `asOf`: the screening's clock, which tells whether the customer account is new (see extractAttributes). */
  inputsFor(application: Application, clientId?: string, asOf?: Date): LinkageInputs {
    const network = this.screener.factsFor(application).network;
    const attributes = extractAttributes(application, { ...(network ? { network } : {}), ...(asOf ? { asOf: asOf.toISOString() } : {}) }, this.shared, clientId);
    return { network, attributes: hashAttributes(this.keys, attributes), phoneNumbers: phoneNumbersOf(attributes) };
  }

  async historyFor(inputs: LinkageInputs, options: HistoryOptions): Promise<LinkageResult> {
    if (!this.options.linkage) return { linkage: { attributes: [] } };
    return this.lookup.factsFor({
      attributes: inputs.attributes.filter((attribute) => this.lookedUp.has(attribute.kind)),
      identityKeys: inputs.attributes.filter((attribute) => (IDENTITY_KINDS as readonly string[]).includes(attribute.kind)),
      phoneNumbers: inputs.phoneNumbers,
      domainName: options.domainName,
      asOf: options.asOf,
      self: options.self,
    });
  }

  async screen(application: Application, options: HistoryOptions): Promise<ScreenedWithHistory> {
    const inputs = this.inputsFor(application, options.clientId, options.asOf);
    const history = await this.historyFor(inputs, options);
    const facts: ScreeningFacts = { asOf: options.asOf.toISOString(), ...(inputs.network ? { network: inputs.network } : {}), ...history };
    return { assessment: this.screener.engine.screen(application, facts), facts, inputs };
  }
}
