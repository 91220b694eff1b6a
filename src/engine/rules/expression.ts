/**
 * Boolean expressions over reason codes, for composites: `PHONE_VOIP and not EMAIL_CARRIER_MAIL`,
 * `(A or B) and C`. Precedence: not > and > or.
 */
export type Expression =
  | { readonly op: 'ref'; readonly reason: string }
  | { readonly op: 'not'; readonly operand: Expression }
  | { readonly op: 'and' | 'or'; readonly operands: readonly Expression[] };

export class ExpressionSyntaxError extends Error {}

const TOKEN = /\s*(\(|\)|[A-Za-z_][A-Za-z0-9_.]*)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) {
      if (/^\s*$/.test(text.slice(start))) break;
      throw new ExpressionSyntaxError(`unexpected character at position ${start + 1}: "${text.slice(start).trimStart().slice(0, 10)}"`);
    }
    tokens.push(match[1]!);
  }
  return tokens;
}

export function parseExpression(text: string): Expression {
  const tokens = tokenize(text);
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const take = (): string | undefined => tokens[position++];

  function parseOr(): Expression {
    const operands = [parseAnd()];
    while (peek()?.toLowerCase() === 'or') {
      take();
      operands.push(parseAnd());
    }
    return operands.length === 1 ? operands[0]! : { op: 'or', operands };
  }

  function parseAnd(): Expression {
    const operands = [parseUnary()];
    while (peek()?.toLowerCase() === 'and') {
      take();
      operands.push(parseUnary());
    }
    return operands.length === 1 ? operands[0]! : { op: 'and', operands };
  }

  function parseUnary(): Expression {
    const token = take();
    if (token === undefined) throw new ExpressionSyntaxError('expression ends too early');
    const word = token.toLowerCase();
    if (word === 'not') return { op: 'not', operand: parseUnary() };
    if (token === '(') {
      const inner = parseOr();
      if (take() !== ')') throw new ExpressionSyntaxError('missing ")"');
      return inner;
    }
    if (token === ')' || word === 'and' || word === 'or') throw new ExpressionSyntaxError(`unexpected "${token}"`);
    return { op: 'ref', reason: token };
  }

  if (tokens.length === 0) throw new ExpressionSyntaxError('empty expression');
  const expression = parseOr();
  if (position < tokens.length) throw new ExpressionSyntaxError(`unexpected "${tokens[position]}"`);
  return expression;
}

export function evaluateExpression(expression: Expression, fired: ReadonlySet<string>): boolean {
  switch (expression.op) {
    case 'ref':
      return fired.has(expression.reason);
    case 'not':
      return !evaluateExpression(expression.operand, fired);
    // Loops rather than every/some: this runs for every composite of every screening.
    case 'and':
      for (const operand of expression.operands) if (!evaluateExpression(operand, fired)) return false;
      return true;
    case 'or':
      for (const operand of expression.operands) if (evaluateExpression(operand, fired)) return true;
      return false;
  }
}

/** Every reason code the expression mentions. */
export function referencedReasons(expression: Expression): string[] {
  switch (expression.op) {
    case 'ref':
      return [expression.reason];
    case 'not':
      return referencedReasons(expression.operand);
    default:
      return expression.operands.flatMap(referencedReasons);
  }
}

/** Reason codes whose presence can make the expression true (not under a `not`). */
export function positiveReasons(expression: Expression, negated = false): string[] {
  switch (expression.op) {
    case 'ref':
      return negated ? [] : [expression.reason];
    case 'not':
      return positiveReasons(expression.operand, !negated);
    default:
      return expression.operands.flatMap((operand) => positiveReasons(operand, negated));
  }
}
