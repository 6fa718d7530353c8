/**
 * OpenFGA's requests to the use cases' inputs and back: the store and model a request names, its
 * consistency, its write (with OpenFGA's own refusals of a write), read tokens, complete lists.
 */
import { InvalidInputError } from '../../domain/errors';
import { OPENFGA_MAX_TUPLES_PER_WRITE, PAGE_MAX } from '../../domain/limits';
import type { Page } from '../../domain/ports';
import type { Consistency } from '../../domain/revision';
import { tupleKey, type Tuple } from '../../domain/tuple';
import type { UseCases } from '../deps';
import type { CONSISTENCY } from './schemas';

/** inStore refuses a store other than the service's (404) and a model other than the one in use (400, as OpenFGA answers an unknown model). */
export function inStore(uc: Pick<UseCases, 'describeStore'>, storeId: string, modelId?: string): void {
  uc.describeStore.requireStore(storeId);
  if (modelId !== undefined && modelId !== uc.describeStore.currentModel().id) {
    throw new InvalidInputError(`Authorization Model '${modelId}' not found; the model in use is ${uc.describeStore.currentModel().id}`, 'authorization_model_not_found');
  }
}

/** consistency maps OpenFGA's consistency: HIGHER_CONSISTENCY is an answer past every cache. */
export const consistency = (c: (typeof CONSISTENCY)[number] | undefined): Consistency | undefined => (c === 'HIGHER_CONSISTENCY' ? { fresh: true } : undefined);

/** key is a tuple as OpenFGA's tuple_key, without the fields the stores add. */
export const key = ({ user, relation, object }: Tuple): Tuple => ({ user, relation, object });

/** everything reads a listing to its end: OpenFGA's lists are one answer, and here they are complete. */
export async function everything(list: (cursor?: string) => Promise<Page<string>>): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

/** LIST_PAGE is how much of a listing each step of everything() asks for. */
export const LIST_PAGE = PAGE_MAX;

/** WriteAsked is OpenFGA's write body as the schema lets it through. */
export interface WriteAsked {
  writes?: { tuple_keys: Tuple[]; on_duplicate?: 'error' | 'ignore' };
  deletes?: { tuple_keys: Tuple[]; on_missing?: 'error' | 'ignore' };
}

/**
 * writeOf refuses a write as OpenFGA does before it touches a tuple: nothing asked, over
 * OPENFGA_MAX_TUPLES_PER_WRITE tuples, or one tuple twice (written twice, deleted twice, or both).
 * Unlike /v1, a duplicate write and a missing delete fail it unless on_duplicate / on_missing say ignore.
 */
export function writeOf(body: WriteAsked) {
  const writes = body.writes?.tuple_keys ?? [];
  const deletes = body.deletes?.tuple_keys ?? [];
  if (writes.length + deletes.length === 0) throw new InvalidInputError('Invalid input. Make sure you provide at least one write, or at least one delete', 'invalid_write_input');
  if (writes.length + deletes.length > OPENFGA_MAX_TUPLES_PER_WRITE) {
    throw new InvalidInputError(`The number of write operations exceeds the allowed limit of ${OPENFGA_MAX_TUPLES_PER_WRITE}`, 'exceeded_entity_limit');
  }
  const seen = new Set<string>();
  for (const t of [...writes, ...deletes]) {
    if (seen.has(tupleKey(t))) {
      throw new InvalidInputError(`duplicate tuple in write: user: '${t.user}', relation: '${t.relation}', object: '${t.object}'`, 'cannot_allow_duplicate_tuples_in_one_request');
    }
    seen.add(tupleKey(t));
  }
  return { writes: writes.map(key), deletes: deletes.map(key), onDuplicate: body.writes?.on_duplicate ?? 'error', onMissing: body.deletes?.on_missing ?? 'error' } as const;
}

/** readFilter reads OpenFGA's read tuple_key: `type:` is every object of the type, which then needs a user. */
export function readFilter(k: { user?: string; relation?: string; object?: string } | undefined) {
  if (!k) return {};
  const typeOnly = k.object?.endsWith(':') ?? false;
  if (!k.object || (typeOnly && !k.user)) {
    throw new InvalidInputError("the 'tuple_key' field was provided but the object type field is required and both the object id and user cannot be empty", 'validation_error');
  }
  return { user: k.user, relation: k.relation, ...(typeOnly ? { objectType: k.object.slice(0, -1) } : { object: k.object }) };
}

/** readToken wraps a listing's cursor, so a token this surface did not give is refused rather than read as a place. */
export const readToken = (cursor: string | undefined): string => (cursor ? Buffer.from(JSON.stringify({ r: cursor }), 'utf8').toString('base64url') : '');

/** cursorOf reads a readToken back, or refuses it with OpenFGA's code. */
export function cursorOf(token: string | undefined): string | undefined {
  if (!token) return undefined;
  try {
    const { r } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { r?: unknown };
    if (typeof r === 'string' && r) return r;
  } catch {
    // not ours: refused below
  }
  throw new InvalidInputError('Invalid continuation token: give the continuation_token of the previous page unchanged', 'invalid_continuation_token');
}
