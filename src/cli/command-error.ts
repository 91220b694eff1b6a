import { EXIT_BAD_INPUT } from './exit-codes';

/** A failure told as a message without a stack: exit 2 (bad arguments, a taken name) unless another code is given. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_BAD_INPUT,
  ) {
    super(message);
  }
}
