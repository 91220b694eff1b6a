import { EngineError, EngineErrorCode } from './errors';
import type { AnySignal } from './signal';

/** The signals the engine runs, in order. Names and reason codes must be unique. */
export class SignalRegistry {
  private readonly byName = new Map<string, AnySignal>();
  private readonly reasonOwner = new Map<string, string>();

  constructor(signals: readonly AnySignal[]) {
    for (const signal of signals) this.register(signal);
  }

  private register(signal: AnySignal): void {
    if (this.byName.has(signal.name)) {
      throw new EngineError(EngineErrorCode.DuplicateSignal, `signal ${signal.name} is registered twice`);
    }
    for (const reason of signal.reasons) {
      const owner = this.reasonOwner.get(reason);
      if (owner !== undefined) {
        throw new EngineError(EngineErrorCode.DuplicateSignal, `reason ${reason} is declared by both ${owner} and ${signal.name}`);
      }
      this.reasonOwner.set(reason, signal.name);
    }
    this.byName.set(signal.name, signal);
  }

  get signals(): readonly AnySignal[] {
    return [...this.byName.values()];
  }

  get(name: string): AnySignal | undefined {
    return this.byName.get(name);
  }

  /** The signal that declares a reason code. */
  ownerOf(reason: string): string | undefined {
    return this.reasonOwner.get(reason);
  }
}
