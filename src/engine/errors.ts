export enum EngineErrorCode {
  RuleSetInvalid = 'RULE_SET_INVALID',
  DuplicateSignal = 'DUPLICATE_SIGNAL',
}

/**
 * An error that carries a code from its module's enum (the code is what callers branch on and what
 * the api and the CLI print; the message is for people). Every coded error in shinsa extends it.
 */
export class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class EngineError extends CodedError<EngineErrorCode> {}

/** One problem in a rule file: which file, which key, what is wrong. */
export interface RuleIssue {
  readonly file: string;
  /** Dotted key path inside the file, e.g. `signals.phone.line_type.reasons.PHONE_VOIP`. */
  readonly key: string;
  readonly message: string;
}

/** An issue as one line: `file: key: message` (`(file)` for an issue with the whole file). */
export function formatRuleIssue(issue: RuleIssue): string {
  return `${issue.file}: ${issue.key || '(file)'}: ${issue.message}`;
}

export class RuleSetError extends EngineError {
  constructor(readonly issues: readonly RuleIssue[]) {
    super(
      EngineErrorCode.RuleSetInvalid,
      `invalid rule set (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  ${formatRuleIssue(issue)}`).join('\n'),
    );
    this.name = 'RuleSetError';
  }
}
