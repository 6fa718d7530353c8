/** Times as the console shows and reads them: ISO 8601 in UTC, always, whatever the browser's zone. */

/** INSTANT_EXAMPLE shows the form As of takes. */
export const INSTANT_EXAMPLE = '2026-01-31T23:59:59Z';

/** utc renders an instant the API gave as ISO 8601 UTC (Z). */
export function utc(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString();
}

/** nowToSecond is this moment in UTC, to the second, as As of takes it. */
export function nowToSecond(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * parseInstant reads As of: an instant to the second in UTC (fractions allowed), `Z` or `+00:00`.
 * It answers the instant as ISO, or a sentence saying what is wrong.
 */
export function parseInstant(text: string): { iso: string } | { error: string } {
  const t = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|\+00:00|-00:00)$/.exec(t);
  const wrong = { error: `As of must be an instant in UTC to the second, like ${INSTANT_EXAMPLE}; got "${t}"` };
  if (!m) return wrong;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${(m[7] ?? '').slice(0, 4)}Z`);
  // Date rolls 2026-02-30 over to March: a date that does not exist is refused, not moved.
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 19) !== `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`) return wrong;
  return { iso: d.toISOString() };
}

/** thisMonth is the current UTC month, YYYY-MM. */
export function thisMonth(): string {
  return new Date().toISOString().slice(0, 7);
}
