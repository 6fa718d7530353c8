/**
 * Instants as the service keeps them: UTC ISO strings (`YYYY-MM-DDTHH:mm:ss.sssZ`) that compare
 * as text in the order of time, which is how Neo4j compares writtenAt, endedAt and issuedAt.
 */
import { InvalidInputError } from './errors';

/** ISO_INSTANT is an ISO 8601 date-time with an explicit zone (Z or ±hh:mm): local times would make month boundaries ambiguous. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * parseInstant normalises an ISO instant with a zone to the canonical UTC form, years 1970 to 9999:
 * outside them the ISO form changes shape (`+010000-…`) and would no longer compare as text.
 */
export function parseInstant(value: string, field: string): string {
  const ms = ISO_INSTANT.test(value) ? Date.parse(value) : NaN;
  const iso = Number.isNaN(ms) ? '' : new Date(ms).toISOString();
  if (!/^\d{4}-/.test(iso) || iso < '1970') {
    throw new InvalidInputError(`${field} must be an ISO 8601 date-time with a zone, e.g. 2025-03-14T09:30:00Z, years 1970 to 9999; got ${JSON.stringify(value.slice(0, 40))}`, 'invalid_time');
  }
  return iso;
}
