/**
 * The verdict of the newest label of the application aliased `a` ('fraud', 'legitimate', or null
 * when it has none): a SQL subquery for a select list or a condition. The newest label wins, so a
 * correction takes a fraud verdict back.
 */
export const LATEST_VERDICT = '(SELECT l.verdict FROM labels l WHERE l.application_id = a.id ORDER BY l.created_at DESC LIMIT 1)';
