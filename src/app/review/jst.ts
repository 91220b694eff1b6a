const JST_OFFSET_MS = 9 * 3_600_000;

/** `2026-12-08 00:12 JST`: unambiguous in both UI languages (Japan has no daylight saving). */
export function formatJst(value: Date): string {
  return `${new Date(value.getTime() + JST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')} JST`;
}
