import type { z } from 'zod';
import type { Application } from './application';
import type { ApplicationView } from './application-view';
import type { ScreeningFacts } from './facts';
import type { Knowledge } from './knowledge';
import type { BrandCatalogue } from './rules/brand-catalogue';

/** What a signal reports: a reason code it declared and a human-readable detail. */
export interface SignalHit {
  readonly reason: string;
  readonly detail: string;
  /**
   * The weight of the evidence in nats (the natural log of a likelihood ratio measured in a fitted
   * table), for a reason whose points follow it (`pointsPerNat` in the rules). Only the signal's
   * `evidenceReasons` carry it.
   */
  readonly evidence?: number;
}

/** A named list from `rules/lists/` (entries are strings; numbers are kept as their decimal text). */
export interface RuleList {
  readonly name: string;
  readonly entries: readonly string[];
  has(entry: string): boolean;
}

export interface SignalContext<P> {
  readonly application: Application;
  readonly view: ApplicationView;
  readonly facts: ScreeningFacts;
  readonly knowledge: Knowledge;
  /** Parameters from the signal's entry in `rules/signals/*.yaml`, validated by `params`. */
  readonly params: P;
  /** The lists the signal declared in `lists`, by name. */
  list(name: string): RuleList;
  /** A fitted table the signal declared in `fitted` (`rules/fitted/<name>.yaml`), as its schema compiled it. */
  fitted(name: string): unknown;
  /** The protected brands of `rules/brands.yaml` (signals that read them set `usesBrands`). */
  readonly brands: BrandCatalogue;
}

/**
 * A part of the application or its facts without which a signal has nothing to say: the registrant,
 * the SMS verification, the signup network, the customer account, or the network and linkage facts
 * prepared for it.
 */
export type SignalInput = 'registrant' | 'verification' | 'signup' | 'account' | 'networkFacts' | 'linkageFacts';

/**
 * A signal is code: it reads the application and reports hits. Its points, group and parameters
 * come only from the rule set.
 */
export interface Signal<P = Record<string, never>> {
  /** Dotted name, `<group>.<what>`, unique in the registry. */
  readonly name: string;
  /** Every reason code the signal can emit; the rule set must weigh each one. */
  readonly reasons: readonly string[];
  /** Names of the lists in `rules/lists/` the signal reads. */
  readonly lists?: readonly string[];
  /**
   * Fitted tables the signal reads, by name (`rules/fitted/<name>.yaml`: numbers measured on data by a
   * `npm run knowledge:…` script), each with the schema that validates it and compiles it once.
   */
  readonly fitted?: Readonly<Record<string, z.ZodType<unknown>>>;
  /**
   * Reasons whose hits carry `evidence` (nats), so the rules may give them points per nat
   * (`pointsPerNat`, `maxPoints`) instead of a fixed number.
   */
  readonly evidenceReasons?: readonly string[];
  /** The signal reads the protected brands (`rules/brands.yaml` must exist). */
  readonly usesBrands?: boolean;
  /**
   * The signal reports nothing when the application lacks this part, so the engine does not run it
   * then (a name alone, as `shinsa domains` screens, has no registrant, signup or facts).
   */
  readonly requires?: SignalInput;
  /** Schema of the signal's parameters (with defaults) in the rule set. */
  readonly params?: z.ZodType<P>;
  evaluate(context: SignalContext<P>): readonly SignalHit[];
}

/** Erases a signal's parameter type so signals can share one registry. */
export type AnySignal = Signal<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Declares a signal with its parameter type inferred from the schema. */
export function defineSignal<P = Record<string, never>>(signal: Signal<P>): Signal<P> {
  return signal;
}
