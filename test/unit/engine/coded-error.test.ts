import { describe, expect, it } from 'vitest';
import { ClientError, ClientErrorCode } from '../../../src/app/clients/client-directory';
import { ApiError, ApiErrorCode } from '../../../src/app/http/api-error';
import { CallbackError, CallbackErrorCode } from '../../../src/app/queue/callback-delivery';
import { CodedError, EngineError, EngineErrorCode, RuleSetError } from '../../../src/engine';

describe('coded errors', () => {
  it('share one base: the code to branch on, the message for people, the class name as name', () => {
    const errors = [
      new EngineError(EngineErrorCode.DuplicateSignal, 'twice'),
      new ClientError(ClientErrorCode.NameTaken, 'taken'),
      new CallbackError(CallbackErrorCode.Unreachable, 'down'),
      new ApiError(ApiErrorCode.Unavailable, 'later', { retryAfterSeconds: 5 }),
    ];
    expect(errors.map((error) => [error instanceof CodedError, error instanceof Error, error.name, error.code, error.message])).toEqual([
      [true, true, 'EngineError', 'DUPLICATE_SIGNAL', 'twice'],
      [true, true, 'ClientError', 'CLIENT_NAME_TAKEN', 'taken'],
      [true, true, 'CallbackError', 'CALLBACK_UNREACHABLE', 'down'],
      [true, true, 'ApiError', 'UNAVAILABLE', 'later'],
    ]);
    expect((errors[3] as ApiError).details).toEqual({ retryAfterSeconds: 5 });
  });

  it('keeps a subclass its own name', () => {
    const error = new RuleSetError([]);
    expect(error).toBeInstanceOf(EngineError);
    expect([error.name, error.code]).toEqual(['RuleSetError', 'RULE_SET_INVALID']);
  });
});
