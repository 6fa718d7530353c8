/**
 * The JSON shapes of the OpenFGA HTTP API (openfga/api's protos and OpenAPI) that this surface
 * serves: they validate requests and are the one source of these operations in /openapi.json.
 * Objects are strict: a field this surface does not take is a 400, not silently dropped, and
 * tuples are the contract's `type:id` (the model has no usersets, wildcards or conditions).
 */
import { z } from 'zod';
import { AuthzModel } from '../../domain/authz-model';
import { OPENFGA_MAX_CHECKS_PER_BATCH, OPENFGA_MAX_TUPLES_PER_WRITE, OPENFGA_PAGE_DEFAULT, OPENFGA_PAGE_MAX } from '../../domain/limits';
import { ID_PATTERN, NAME_PATTERN } from '../../domain/tuple';

const MODEL = AuthzModel.load();
const TYPES = MODEL.types.join(', ');
const RELATIONS = [...new Set(MODEL.types.flatMap((t) => MODEL.relationsOf(t)))].sort().join(', ');

const bare = (p: RegExp) => p.source.replace(/^\^/, '').replace(/\$$/, '');
/** REF is the contract's `type:id`; TYPE_OR_REF also takes a bare `type:`, as OpenFGA's read does. */
const REF = new RegExp(`^${bare(NAME_PATTERN)}:${bare(ID_PATTERN)}$`);
const TYPE_OR_REF = new RegExp(`^${bare(NAME_PATTERN)}:(${bare(ID_PATTERN)})?$`);
/** ULID is OpenFGA's form of store and model ids. */
export const ULID = /^[ABCDEFGHJKMNPQRSTVWXYZ0-9]{26}$/;

const ref = (what: string) => z.string().regex(REF, `${what} must be written type:id, the id matching ${ID_PATTERN.source}`).describe(`${what}, type:id; types: ${TYPES}`);
const name = (what: string, known: string) => z.string().regex(NAME_PATTERN, `${what}: lower case letters, digits and _`).describe(`${what}: one of ${known}`);
const Relation = name('a relation', RELATIONS);
const Type = name('a type', TYPES);
export const StoreId = z.string().regex(ULID, 'a store id is a ULID (26 characters of 0-9 and A-Z without I, L, O, U)');
const ModelId = z.string().regex(ULID, 'an authorization model id is a ULID').describe('the model to answer by; only the model in use (GET authorization-models) is known');
const Context = z.record(z.string(), z.unknown()).describe('passed on to OpenFGA; the model has no conditions, so it changes no answer');
export const CONSISTENCY = ['UNSPECIFIED', 'MINIMIZE_LATENCY', 'HIGHER_CONSISTENCY'] as const;
const Consistency = z.enum(CONSISTENCY).describe('HIGHER_CONSISTENCY: from state that includes every write acknowledged before the call');

export const TupleKey = z.strictObject({ user: ref('the user'), relation: Relation, object: ref('the object') });
const ContextualTuples = z.array(TupleKey).max(OPENFGA_MAX_TUPLES_PER_WRITE).describe('count as written for this question only');
/** NoContextualTuples is taken where OpenFGA takes contextual tuples and this surface answers from Neo4j: accepted only empty. */
const NoContextualTuples = z.array(TupleKey).max(0, 'contextual tuples are taken on check and batch-check only').describe('must be empty here: contextual tuples are taken on check and batch-check');
const Common = { authorization_model_id: ModelId.optional(), consistency: Consistency.optional() };

export const CheckBody = z.strictObject({
  tuple_key: TupleKey,
  contextual_tuples: z.strictObject({ tuple_keys: ContextualTuples }).optional(),
  context: Context.optional(),
  trace: z.boolean().optional().describe('accepted; no trace is given'),
  ...Common,
});
export const CheckResponse = z.object({ allowed: z.boolean(), resolution: z.string() });

export const BatchCheckBody = z.strictObject({
  checks: z
    .array(
      z.strictObject({
        tuple_key: TupleKey,
        contextual_tuples: z.strictObject({ tuple_keys: ContextualTuples }).optional(),
        context: Context.optional(),
        correlation_id: z.string().regex(/^[\w\d-]{1,36}$/, 'a correlation_id is 1 to 36 letters, digits, _ or -').describe('names the check in the result; unique in the request'),
      }),
    )
    .min(1)
    .max(OPENFGA_MAX_CHECKS_PER_BATCH, `a batch-check takes at most ${OPENFGA_MAX_CHECKS_PER_BATCH} checks, as OpenFGA's default`),
  ...Common,
});
const CheckError = z.object({ input_error: z.string().optional(), internal_error: z.string().optional(), message: z.string() });
export const BatchCheckResponse = z.object({
  result: z.record(z.string(), z.object({ allowed: z.boolean().optional(), error: CheckError.optional() })).describe('by correlation_id; a check the model refuses has its error instead'),
});

export const ListObjectsBody = z.strictObject({
  type: Type,
  relation: Relation,
  user: ref('the user'),
  contextual_tuples: z.strictObject({ tuple_keys: NoContextualTuples }).optional(),
  context: Context.optional(),
  ...Common,
});
export const ListObjectsResponse = z.object({ objects: z.array(z.string()).describe('complete and sorted: no cut at 1000') });

const Object_ = z.strictObject({ type: Type, id: z.string().regex(ID_PATTERN, `an id matching ${ID_PATTERN.source}`) });
export const ListUsersBody = z.strictObject({
  object: Object_,
  relation: Relation,
  user_filters: z
    .array(z.strictObject({ type: Type, relation: z.string().max(0, 'user_filters[].relation is not taken: the model has no usersets').optional() }))
    .length(1, 'user_filters takes exactly one filter'),
  contextual_tuples: NoContextualTuples.optional(),
  context: Context.optional(),
  ...Common,
});
export const ListUsersResponse = z.object({ users: z.array(z.object({ object: z.object({ type: z.string(), id: z.string() }) })).describe('complete and sorted') });

export const ExpandBody = z.strictObject({
  tuple_key: z.strictObject({ relation: Relation, object: ref('the object') }),
  contextual_tuples: z.strictObject({ tuple_keys: NoContextualTuples }).optional(),
  ...Common,
});
export const ExpandResponse = z.object({ tree: z.object({ root: z.record(z.string(), z.unknown()) }) });

const PageSize = z.number().int().min(1).max(OPENFGA_PAGE_MAX).describe(`default ${OPENFGA_PAGE_DEFAULT}`);
const Token = z.string().max(4000).describe('the continuation_token of the previous page');
/** QueryToken is a token in a URL, shorter so the URL stays inside Node's 16 KiB limit on a request's head. */
const QueryToken = z.string().max(1000).describe('the continuation_token of the previous page');

export const ReadBody = z.strictObject({
  tuple_key: z
    .strictObject({
      user: ref('the user').optional(),
      relation: Relation.optional(),
      object: z.string().regex(TYPE_OR_REF, 'object must be type:id, or type: for every object of the type').describe('type:id, or type: for every object of the type (then user is required)').optional(),
    })
    .optional()
    .describe('absent: every tuple; present: object (its type at least) and, unless it has an id, user'),
  page_size: PageSize.optional(),
  continuation_token: Token.optional(),
  consistency: Consistency.optional(),
});
const Timestamp = z.string().describe('when it was written (ISO 8601, UTC)');
export const ReadResponse = z.object({ tuples: z.array(z.object({ key: TupleKey, timestamp: Timestamp })), continuation_token: z.string().describe('empty on the last page') });

const Writes = z.strictObject({ tuple_keys: z.array(TupleKey).min(1), on_duplicate: z.enum(['error', 'ignore']).optional().describe('error (default): a write of a tuple that exists fails the request') });
const Deletes = z.strictObject({ tuple_keys: z.array(TupleKey).min(1), on_missing: z.enum(['error', 'ignore']).optional().describe("error (default): a delete of a tuple that does not exist fails the request") });
export const WriteBody = z.strictObject({
  writes: Writes.optional(),
  deletes: Deletes.optional().describe(`writes and deletes together take at most ${OPENFGA_MAX_TUPLES_PER_WRITE} tuples`),
  authorization_model_id: ModelId.optional(),
});
export const WriteResponse = z.object({}).describe('the Partnergraph-Revision header names the revision that holds the write');

export const ChangesQuery = z.strictObject({
  type: Type.optional(),
  page_size: z.coerce.number().int().min(1).max(OPENFGA_PAGE_MAX).optional().describe(`default ${OPENFGA_PAGE_DEFAULT}`),
  continuation_token: QueryToken.optional(),
  start_time: z.string().max(40).optional().describe('ISO 8601 with a zone: changes made at or after it'),
});
export const ChangesResponse = z.object({
  changes: z.array(z.object({ tuple_key: TupleKey, operation: z.enum(['TUPLE_OPERATION_WRITE', 'TUPLE_OPERATION_DELETE']), timestamp: Timestamp })),
  continuation_token: z.string().describe('where to go on from, also on the last page (to poll for later changes); empty when nothing was ever read'),
});

const Store = z.object({ id: z.string(), name: z.string(), created_at: z.string(), updated_at: z.string() });
export const StoreResponse = Store;
export const ListStoresQuery = z.strictObject({ page_size: z.coerce.number().int().min(1).max(OPENFGA_PAGE_MAX).optional(), continuation_token: QueryToken.optional(), name: z.string().max(256).optional() });
export const ListStoresResponse = z.object({ stores: z.array(Store).describe('the one store this service answers for'), continuation_token: z.string() });

const Model = z.object({ id: z.string(), schema_version: z.string(), type_definitions: z.array(z.record(z.string(), z.unknown())), conditions: z.record(z.string(), z.unknown()).optional() });
export const ModelsQuery = z.strictObject({ page_size: z.coerce.number().int().min(1).max(OPENFGA_PAGE_MAX).optional(), continuation_token: QueryToken.optional() });
export const ModelsResponse = z.object({ authorization_models: z.array(Model).describe('the model in use: authz-model.fga'), continuation_token: z.string() });
export const ModelResponse = z.object({ authorization_model: Model });

export const StoreParams = z.strictObject({ store_id: StoreId });
export const ModelParams = z.strictObject({ store_id: StoreId, id: ModelId });

/** ErrorResponse is OpenFGA's error body, so the SDKs' error types read it. */
export const ErrorResponse = z.object({ code: z.string().describe("OpenFGA's code: validation_error, store_id_not_found, ..."), message: z.string() });
