/**
 * The shapes of the OpenID AuthZEN Authorization API 1.0 (information model, evaluation,
 * evaluations, search, discovery): they validate requests and are the one source of these
 * operations in /openapi.json. Objects are loose because the spec says receivers MUST ignore
 * unknown fields.
 */
import { z } from 'zod';
import { AuthzModel } from '../../domain/authz-model';
import { MAX_CHECKS_PER_BATCH, PAGE_DEFAULT, PAGE_MAX } from '../../domain/limits';
import { ID_PATTERN, NAME_PATTERN } from '../../domain/tuple';

/**
 * The document names the model's types and relations (authz-model.fga, read as the service reads
 * it), so a request built from it is accepted; the domain refuses the rest with a 400 that names
 * what the model has, so the validators here keep to the grammar.
 */
const MODEL = AuthzModel.load();
const RESOURCE_TYPES = MODEL.types.filter((t) => MODEL.relationsOf(t).length > 0);
const RELATIONS = [...new Set(RESOURCE_TYPES.flatMap((t) => MODEL.relationsOf(t)))].sort();
const EACH_TYPES_RELATIONS = RESOURCE_TYPES.map((t) => `${t}: ${MODEL.relationsOf(t).join(', ')}`).join('; ');

const name = (what: string) => z.string().regex(NAME_PATTERN, `${what}: lower case letters, digits and _`);
const SUBJECT_TYPE = name('a type of the model').meta({ enum: MODEL.types }).describe('a type of the model');
const TYPE = name('a type of the model').meta({ enum: RESOURCE_TYPES }).describe('a type of the model that has relations');
const ID = z.string().regex(ID_PATTERN, `an id matching ${ID_PATTERN.source}`).describe('the id of the entity within its type');
const NAME = name('a relation name').meta({ enum: RELATIONS }).describe(`a relation of the resource's type (${EACH_TYPES_RELATIONS})`);
const Attributes = z.record(z.string(), z.unknown());
const properties = Attributes.optional().describe('accepted and not used: the relationships in the graph decide');
const context = Attributes.optional().describe('the environment of the request; accepted and not used');

export const Subject = z.looseObject({ type: SUBJECT_TYPE, id: ID, properties });
export const Resource = z.looseObject({ type: TYPE, id: ID, properties });
export const Action = z.looseObject({ name: NAME, properties });
/** Ignored is an entity's id where the spec says it SHOULD be omitted and MUST be ignored (the searched entity). */
const ignored = z.unknown().optional().describe('ignored: this search lists the ids');

export const EvaluationBody = z.looseObject({ subject: Subject, action: Action, resource: Resource, context });

/** Defaults is one evaluation of a batch, or the batch's defaults: each part may come from the other. */
const Defaults = z.looseObject({
  subject: Subject.partial().optional(),
  action: Action.partial().optional(),
  resource: Resource.partial().optional(),
  context,
});

/** SEMANTICS are the spec's values of options.evaluations_semantic; execute_all is the default. */
export const SEMANTICS = ['execute_all', 'deny_on_first_deny', 'permit_on_first_permit'] as const;
export type Semantic = (typeof SEMANTICS)[number];

export const EvaluationsBody = Defaults.extend({
  evaluations: z
    .array(Defaults)
    .max(MAX_CHECKS_PER_BATCH)
    .optional()
    .describe(`at most ${MAX_CHECKS_PER_BATCH}; the top-level subject, action, resource and context are each one's defaults. Absent or empty: the request is one evaluation`),
  options: z.looseObject({ evaluations_semantic: z.enum(SEMANTICS).optional().describe('execute_all (default) answers every evaluation; the other two stop at the first deny or permit') }).optional(),
});

const PageRequest = z
  .looseObject({
    token: z.string().max(4000).optional().describe('the next_token of the previous page, with the rest of the request unchanged'),
    limit: z.number().int().min(1).max(PAGE_MAX).optional().describe(`results per page; default ${PAGE_DEFAULT}, or the first page's`),
    properties,
  })
  .optional();

export const SearchSubjectBody = z.looseObject({ subject: z.looseObject({ type: SUBJECT_TYPE, id: ignored, properties }), action: Action, resource: Resource, context, page: PageRequest });
export const SearchResourceBody = z.looseObject({ subject: Subject, action: Action, resource: z.looseObject({ type: TYPE, id: ignored, properties }), context, page: PageRequest });
export const SearchActionBody = z.looseObject({ subject: Subject, resource: Resource, context, page: PageRequest });

export const Decision = z.object({ decision: z.boolean(), context: Attributes.optional() });
export const EvaluationsResponse = z.union([
  z.object({ evaluations: z.array(Decision).describe('in request order; cut after the deciding one under deny_on_first_deny and permit_on_first_permit') }),
  Decision.describe('the answer to a request without evaluations'),
]);

const PageResponse = z.object({
  next_token: z.string().describe('give it as page.token for the next page; empty on the last page'),
  count: z.number().int().min(0).describe('results in this page'),
});
const Entity = z.object({ type: z.string(), id: z.string() });
export const EntitySearchResponse = z.object({ page: PageResponse, results: z.array(Entity).describe('sorted; every page together is the complete answer') });
export const ActionSearchResponse = z.object({ page: PageResponse, results: z.array(z.object({ name: z.string() })).describe('sorted by name') });

export const Configuration = z.object({
  policy_decision_point: z.string(),
  access_evaluation_endpoint: z.string(),
  access_evaluations_endpoint: z.string(),
  search_subject_endpoint: z.string(),
  search_resource_endpoint: z.string(),
  search_action_endpoint: z.string(),
});

/** ErrorResponse is every error of this surface; the same `error` object is an evaluation's context when that one evaluation failed. */
export const ErrorResponse = z.object({
  error: z.object({ status: z.number().int().describe('the HTTP status'), code: z.string().describe('stable, snake_case'), message: z.string().describe('what was wrong and what is allowed') }),
});
