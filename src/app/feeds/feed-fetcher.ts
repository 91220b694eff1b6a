import { gunzipSync } from 'node:zlib';

export interface FetchOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly attempts: number;
  /** The validators of the last good pull: the server may answer 304 Not Modified. */
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** The wait before the second try; doubled after each. */
  readonly backoffMs: number;
}

export type FetchResult =
  | { readonly status: 'ok'; readonly httpStatus: number; readonly body: Buffer; readonly etag: string | null; readonly lastModified: string | null; readonly attempts: number }
  | { readonly status: 'not_modified'; readonly httpStatus: 304; readonly attempts: number }
  | { readonly status: 'failed'; readonly httpStatus: number | null; readonly error: string; readonly bytes: number; readonly attempts: number };

/** A failure worth another try (the network, a timeout, an overloaded server), or not (a 404, a feed over its size limit). */
class FetchFailure extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly httpStatus: number | null = null,
    readonly bytes = 0,
  ) {
    super(message);
  }
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

async function once(url: string, options: FetchOptions): Promise<Exclude<FetchResult, { status: 'failed' }> | { status: 'body'; httpStatus: number; body: Buffer; etag: string | null; lastModified: string | null }> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const headers: Record<string, string> = { 'user-agent': 'shinsa-feeds/1 (+abuse desk; conditional GET)', ...options.headers };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal, redirect: 'follow' });
  } catch (error) {
    throw new FetchFailure(signal.aborted ? `no answer within ${options.timeoutMs / 1000} s` : `request failed: ${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}`, true);
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 'not_modified', httpStatus: 304, attempts: 0 };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new FetchFailure(`HTTP ${response.status}`, response.status === 429 || response.status >= 500, response.status);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body?.cancel();
    throw new FetchFailure(`too large: ${mebibytes(declared)} declared, the limit is ${mebibytes(options.maxBytes)}`, false, response.status, declared);
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of response.body ?? []) {
      bytes += (chunk as Uint8Array).byteLength;
      if (bytes > options.maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new FetchFailure(`too large: more than ${mebibytes(options.maxBytes)}, the limit`, false, response.status, bytes);
      }
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
  } catch (error) {
    if (error instanceof FetchFailure) throw error;
    throw new FetchFailure(signal.aborted ? `the body did not arrive within ${options.timeoutMs / 1000} s` : `reading the body failed: ${(error as Error).message}`, true, response.status, bytes);
  }
  let body = Buffer.concat(chunks);
  // A gzip file (not a Content-Encoding, which fetch undoes itself): unpacked within the same limit.
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) {
    try {
      body = gunzipSync(body, { maxOutputLength: options.maxBytes });
    } catch (error) {
      const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError;
      throw new FetchFailure(tooLarge ? `too large: more than ${mebibytes(options.maxBytes)} unpacked, the limit` : `not a readable gzip file: ${(error as Error).message}`, false, response.status, bytes);
    }
  }
  return { status: 'body', httpStatus: response.status, body, etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
}

/**
 * GETs a feed: conditionally when the last pull left validators, within a timeout and a size
 * limit, trying again after network errors, timeouts, 429s and 5xx answers. Never throws: a
 * failure is a result, so one feed's trouble is recorded and stops nothing else.
 */
export async function fetchFeed(url: string, options: FetchOptions, sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms))): Promise<FetchResult> {
  let last: FetchFailure | undefined;
  let tried = 0;
  for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
    tried = attempt;
    try {
      const result = await once(url, options);
      if (result.status === 'not_modified') return { ...result, attempts: attempt };
      return { status: 'ok', httpStatus: result.httpStatus, body: result.body, etag: result.etag, lastModified: result.lastModified, attempts: attempt };
    } catch (error) {
      last = error instanceof FetchFailure ? error : new FetchFailure((error as Error).message, false);
      if (!last.retry || attempt === options.attempts) break;
      await sleep(options.backoffMs * 2 ** (attempt - 1));
    }
  }
  return { status: 'failed', httpStatus: last!.httpStatus, error: last!.message, bytes: last!.bytes, attempts: tried };
}
