/**
 * What one operation of any surface is, declared once (method, path, scope, schemas, documented
 * responses and a handler typed by them), so router.ts can mount it and openapi.ts document it
 * from the same entry.
 */
import type { z } from 'zod';
import type { Scope } from './auth';
import { parse } from './validate';
import type { Deps } from './deps';

/** HttpMethod is a method as Express registers it. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** ResponseSpec documents one status: a JSON schema, or other content types with their schemas. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** content types other than application/json, e.g. text/csv for statements. */
  alternatives?: Record<string, z.ZodType>;
}

/** json documents a JSON answer, keeping the schema's type so the handler's reply is checked against it. */
export const json = <S extends z.ZodType>(description: string, schema: S) => ({ description, schema });

type Responses = Record<number, ResponseSpec>;
type Schema = z.ZodType | undefined;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** Alternative is a content type some response of R offers besides JSON. */
type Alternative<R> = { [K in keyof R]: R[K] extends { alternatives: infer A } ? keyof A & string : never }[keyof R];

/** Headers are response headers an operation sets besides the content type. */
type Headers = Record<string, string>;

/**
 * Reply is a status R documents with a body of that status's schema, or an alternative's text, or
 * an alternative's text streamed piece by piece (an export of any size, in constant memory).
 */
export type Reply<R> = {
  [K in keyof R & number]:
    | (R[K] extends { schema: infer S extends z.ZodType } ? { status: K; body: z.output<S>; headers?: Headers } : never)
    | (R[K] extends { alternatives: infer A extends Record<string, z.ZodType> }
        ? { [T in keyof A & string]: { status: K; type: T; body: z.output<A[T]>; attachment?: string; headers?: Headers } | { status: K; type: T; stream: AsyncIterable<string>; headers?: Headers } }[keyof A & string]
        : never);
}[keyof R & number];

/** SentReply is a reply once its operation's types are erased: what router.ts sends. */
export interface SentReply {
  status: number;
  body?: unknown;
  /** type is an alternative content type; absent: JSON. */
  type?: string;
  /** attachment is the file name a browser saves the answer under. */
  attachment?: string;
  /** stream is the text of the answer in pieces, sent as they come, instead of body. */
  stream?: AsyncIterable<string>;
  headers?: Headers;
}

/** Input is what a handler gets: the request's parts parsed by its operation's schemas, and who asks. */
export interface Input<B extends Schema, Q extends Schema, P extends Schema, R> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  /** actor is the token's sub, recorded as who made a change. */
  actor: string;
  /** scopes are the token's scopes as verified (from `scope` or `scp`), so a caller can ask what it may do. */
  scopes: readonly string[];
  requestId: string;
  /** origin is the scheme and host the request was sent to, for answers that name the service's own URLs. */
  origin: string;
  /** prefers is the content type the caller's Accept header picks among JSON and R's alternatives. */
  prefers: 'application/json' | Alternative<R>;
  /** stream is the request's body unparsed, for an operation that takes a streamedBody. */
  stream: AsyncIterable<Buffer>;
}

/** RawRequest is a request's parts before parsing, so an operation needs no Express. */
export interface RawRequest {
  body: unknown;
  query: unknown;
  params: unknown;
  actor: string;
  scopes: readonly string[];
  requestId: string;
  origin: string;
  accepts(types: string[]): string | false;
  /** stream is the body unparsed; absent: empty (a request made without Express). */
  stream?: AsyncIterable<Buffer>;
}

interface Common {
  method: HttpMethod;
  /** path in Express notation (`/v1/users/:id`), the whole path: a surface's base included. */
  path: string;
  /** scope the token needs (admin always passes); 'any' for calls any valid token may make; null for the public endpoints. */
  scope: Scope | 'any' | null;
  summary: string;
  /**
   * streamedBody is the content type of a body the operation reads as a stream, of any size (a bulk
   * import): it is mounted before the JSON parser and outside the request time-out.
   */
  streamedBody?: { type: string; schema: z.ZodType; description: string };
}

/** Operation is one route of the API with its types erased, so one table holds them all. */
export interface Operation extends Common {
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  /** success and operation-specific statuses; the common error statuses are added by openapi.ts. */
  responses: Responses;
  /** run validates params, then query, then body (a 400 names the first part that is wrong) and answers. */
  run(request: RawRequest, deps: Deps): Promise<SentReply>;
}

/** Declared is an operation before its handler: what the document says of it. */
type Declared<B, Q, P, R> = Common & { body?: B; query?: Q; params?: P; responses: R };

/**
 * operation declares an operation; its `.handle(fn)` takes the handler, whose input is typed by
 * the schemas and whose reply must be a documented status with that status's body. (Two steps
 * because TypeScript fixes the responses' types only then, so `status: 200` stays a literal.)
 */
export function operation<B extends Schema = undefined, Q extends z.ZodObject | undefined = undefined, P extends z.ZodObject | undefined = undefined, R extends Responses = Responses>(
  declared: Declared<B, Q, P, R>,
): { handle(handler: (input: Input<B, Q, P, R>, deps: Deps) => Promise<Reply<R>>): Operation } {
  const offered = ['application/json', ...Object.values(declared.responses).flatMap((r) => Object.keys(r.alternatives ?? {}))];
  return {
    handle: (handler) => ({
      ...declared,
      run: async (req, deps) =>
        handler(
          {
            params: parsed(declared.params, req.params, 'params'),
            query: parsed(declared.query, req.query, 'query'),
            body: parsed(declared.body, req.body, 'body'),
            actor: req.actor,
            scopes: req.scopes,
            requestId: req.requestId,
            origin: req.origin,
            // offered holds JSON and R's alternatives only, so accepts() picks one of Alternative<R>.
            prefers: ((offered.length > 1 && req.accepts(offered)) || 'application/json') as Input<B, Q, P, R>['prefers'],
            stream: req.stream ?? (async function* () {})(),
          },
          deps,
        ),
    }),
  };
}

/** parsed validates one part of the request, or gives undefined for a part the operation does not take. */
function parsed<S extends Schema>(schema: S | undefined, input: unknown, where: 'body' | 'query' | 'params'): Out<S> {
  return (schema ? parse(schema, input, where) : undefined) as Out<S>;
}
