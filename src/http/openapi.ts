/**
 * Builds the OpenAPI 3.1 document from every surface's table of operations and its zod schemas, so
 * the document served at /openapi.json cannot say something the validators do not enforce.
 */
import { z } from 'zod';
import { MAX_BODY_MIB } from '../domain/limits';
import type { Operation, ResponseSpec } from './operation';
import type { Surface } from './surface';

type Json = Record<string, unknown>;

/** jsonSchema renders a zod schema as JSON Schema 2020-12, the dialect of OpenAPI 3.1. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** commonResponses are the error statuses every operation of a kind can answer, in its surface's error shape. */
function commonResponses(op: Operation, errorSchema: z.ZodType): Record<number, ResponseSpec> {
  const error = (description: string): ResponseSpec => ({ description, schema: errorSchema });
  const r: Record<number, ResponseSpec> = {};
  if (op.body || op.query || op.params || op.streamedBody) r[400] = error('bad input: the message says what was wrong and what is allowed');
  if (op.scope) {
    r[401] = error('no token, or a token that does not verify (see WWW-Authenticate)');
    if (op.scope !== 'any') r[403] = error(`the token lacks the ${op.scope} scope (or admin)`);
    r[429] = error('too many requests from this caller (see Retry-After)');
  }
  if (op.params) r[404] = error('no such entity');
  if (op.body) r[413] = error(`the request body is over ${MAX_BODY_MIB} MiB`);
  if (op.scope) r[503] = error('a dependency is down or the request timed out (see Retry-After)');
  return r;
}

const HEADERS: Record<number, string[]> = { 401: ['WWW-Authenticate'], 429: ['Retry-After'], 503: ['Retry-After'] };

function response(status: number, spec: ResponseSpec): Json {
  const headers: Json = { 'x-request-id': { $ref: '#/components/headers/RequestId' } };
  for (const h of HEADERS[status] ?? []) headers[h] = { $ref: `#/components/headers/${h.replace('-', '')}` };
  const content: Json = {};
  if (spec.schema) content['application/json'] = { schema: jsonSchema(spec.schema, 'output') };
  for (const [type, schema] of Object.entries(spec.alternatives ?? {})) content[type] = { schema: jsonSchema(schema, 'output') };
  return { description: spec.description, headers, ...(Object.keys(content).length ? { content } : {}) };
}

function parameters(schema: z.ZodObject | undefined, where: 'query' | 'path'): Json[] {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
    schema: jsonSchema(field as z.ZodType, 'input'),
  }));
}

/** openApiPath turns an Express path (`/v1/users/:id`) into an OpenAPI one (`/v1/users/{id}`). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function operationObject(op: Operation, surface: Surface): Json {
  const responses: Json = {};
  const all = { ...commonResponses(op, surface.errorSchema), ...op.responses };
  for (const status of Object.keys(all).map(Number).sort((a, b) => a - b)) responses[String(status)] = response(status, all[status]);
  return {
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: op.summary,
    tags: [surface.name],
    ...(op.scope === 'any' ? { description: 'Needs a valid token, of any scope.' } : {}),
    ...(op.scope && op.scope !== 'any' ? { description: `Needs the \`${op.scope}\` scope (or \`admin\`).`, 'x-required-scope': op.scope } : {}),
    security: op.scope === 'any' ? [{ bearerAuth: [] }] : op.scope ? [{ bearerAuth: [op.scope] }] : [],
    parameters: [...parameters(op.params, 'path'), ...parameters(op.query, 'query')],
    // A missing body is read as {} (validate.parse), so it is optional exactly when {} is valid.
    ...(op.streamedBody ? { requestBody: { required: true, description: op.streamedBody.description, content: { [op.streamedBody.type]: { schema: jsonSchema(op.streamedBody.schema, 'input') } } } } : {}),
    ...(op.body ? { requestBody: { required: !op.body.safeParse({}).success, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
    responses,
  };
}

/** buildOpenApiDocument renders the surfaces' operations as one OpenAPI 3.1 document, a tag per surface. */
export function buildOpenApiDocument(surfaces: readonly Surface[]): Json {
  const paths: Record<string, Json> = {};
  for (const surface of surfaces) {
    for (const op of surface.operations) {
      const p = openApiPath(op.path);
      paths[p] = { ...paths[p], [op.method]: operationObject(op, surface) };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Partnergraph',
      version: '1',
      description:
        'Answers "can user X do R on organization Y?" for a customer portal with users, organizations and resellers. ' +
        'Send Authorization: Bearer <JWT> with the scope each operation names. Each tag is a surface over the same answers, with the error shape its description gives.',
    },
    servers: [{ url: '/' }],
    tags: surfaces.map((s) => ({ name: s.name, description: s.description })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      headers: {
        RequestId: { description: 'the id of this request in every log line about it', schema: { type: 'string' } },
        WWWAuthenticate: { description: 'why the token was refused (RFC 6750)', schema: { type: 'string' } },
        RetryAfter: { description: 'seconds to wait before trying again', schema: { type: 'string', pattern: '^[0-9]+$' } },
      },
    },
  };
}
