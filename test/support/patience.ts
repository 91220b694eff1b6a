/**
 * How long a test waits for what another process, the database, a queue or a browser does before
 * it calls it lost. On a quiet two-core box these take a fraction of a second to a few seconds; on
 * the same box shared by several test runs, several times as long. Waits poll, so a long deadline
 * costs nothing when things are quick: it only bounds a hang, and the failure says what was awaited.
 */
export const PATIENCE_MS = 60_000;
