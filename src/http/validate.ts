/**
 * Turns zod failures into 400s whose message names the field, what was wrong and what is allowed,
 * and refuses bodies that are not JSON before a schema sees them.
 */
import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { InvalidInputError } from '../domain/errors';

/** parse validates input against schema or throws an InvalidInputError describing every issue. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((i) => {
    const field = i.path.length ? i.path.join('.') : where;
    return `${field}: ${describe(i, schema)}`;
  });
  throw new InvalidInputError(`invalid ${where}: ${issues.join('; ')}`, 'invalid_request');
}

/** describe words one issue so it also says what is allowed. */
function describe(issue: z.core.$ZodIssue, schema: z.ZodType): string {
  if (issue.code === 'unrecognized_keys') {
    const allowed = keysAt(schema, issue.path);
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}${allowed ? `; allowed: ${allowed.join(', ')}` : ''}`;
  }
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) return `is required (expected ${issue.expected})`;
  return issue.message.replace(/^Invalid input: /, '');
}

/** keysAt finds the fields of the object schema at path, looking through optional, default and arrays. */
function keysAt(schema: z.ZodType, path: PropertyKey[]): string[] | undefined {
  let def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const rest = [...path];
  for (;;) {
    if (def.innerType) def = def.innerType._zod.def;
    else if (def.type === 'pipe' && def.in) def = def.in._zod.def;
    else if (def.type === 'array' && def.element && typeof rest[0] === 'number') {
      rest.shift();
      def = def.element._zod.def;
    } else if (def.type === 'object' && def.shape && rest.length) {
      const next = def.shape[String(rest.shift())];
      if (!next) return undefined;
      def = next._zod.def;
    } else break;
  }
  return def.type === 'object' && def.shape && rest.length === 0 ? Object.keys(def.shape) : undefined;
}

interface Def {
  type: string;
  innerType?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
  element?: { _zod: { def: Def } };
  shape?: Record<string, { _zod: { def: Def } }>;
}

/** requireJson refuses a request body that is not sent as application/json, rather than reading it as empty. */
export const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    return next(new InvalidInputError(`the request body must be JSON sent with Content-Type: application/json; got ${JSON.stringify(String(req.headers['content-type'] ?? 'none').slice(0, 60))}`, 'unsupported_content_type'));
  }
  next();
};
