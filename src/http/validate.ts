/**
 * Turns zod failures into 400s whose message names the field, what was wrong and what is allowed.
 */
import type { z } from 'zod';
import { InvalidInputError } from '../domain/errors';

/** parse validates input against schema or throws an InvalidInputError describing every issue. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((i) => {
    const field = i.path.length ? i.path.join('.') : where;
    return `${field}: ${i.message}`;
  });
  throw new InvalidInputError(`invalid ${where}: ${issues.join('; ')}`, 'invalid_request');
}
