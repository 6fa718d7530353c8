/**
 * Entities of the portal (users, organizations, resellers) and their attributes. Entities are
 * autonomous: a tuple may name one before it has any attributes, which makes a bare node; a
 * deleted entity keeps its node (history) marked deleted until a PUT revives it.
 */
import { NotFoundError, InvalidInputError } from './errors';
import { showPlan, type CommissionPlanInput, type DatedPlan } from './commission';
import { ID_PATTERN } from './tuple';

/** ENTITY_TYPES are the model's types that the entity API serves. */
export const ENTITY_TYPES = ['user', 'organization', 'reseller'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** MAX_NAME is the longest name accepted. */
export const MAX_NAME = 200;

/** EntityAttributes are what a PUT sets; a PUT replaces them all (absent means removed). A reseller's plans are history, kept apart (CommissionStore). */
export interface EntityAttributes {
  name?: string;
  email?: string;
}

/** StoredEntity is an entity node as the store keeps it, deleted or not. */
export interface StoredEntity extends EntityAttributes {
  type: EntityType;
  id: string;
  createdAt: string;
  updatedAt?: string;
  deletedAt?: string;
}

/** EntityView is an entity as the API shows it. */
export interface EntityView {
  type: EntityType;
  id: string;
  name?: string;
  email?: string;
  /** commission is a reseller's newest plan (the latest effectiveFrom); GET /v1/resellers/:id/commission-plans lists them all. */
  commission?: CommissionPlanInput & { effectiveFrom: string };
  createdAt: string;
  updatedAt?: string;
}

/** entityKey is the node key and contract notation of an entity, after checking the id against the contract's grammar. */
export function entityKey(type: EntityType, id: string): string {
  if (!ID_PATTERN.test(id)) {
    throw new InvalidInputError(`${type} id must match ${ID_PATTERN.source}; got ${JSON.stringify(id.slice(0, 80))}`, 'invalid_id');
  }
  return `${type}:${id}`;
}

/** unknownEntity is the 404 for an entity with no node, or a deleted one. */
export function unknownEntity(type: EntityType, id: string): NotFoundError {
  return new NotFoundError(`${type}:${id} does not exist (never written, or deleted); PUT it or write a tuple naming it`, 'unknown_entity');
}

/** isLive is true for an entity that exists and is not deleted. */
export function isLive(e: StoredEntity | undefined): e is StoredEntity {
  return e !== undefined && e.deletedAt === undefined;
}

/** viewOf shows a stored entity without its storage details, with a reseller's newest plan when it has one. */
export function viewOf(e: StoredEntity, plan?: DatedPlan): EntityView {
  return {
    type: e.type,
    id: e.id,
    ...(e.name !== undefined ? { name: e.name } : {}),
    ...(e.email !== undefined ? { email: e.email } : {}),
    ...(plan !== undefined ? { commission: { ...showPlan(plan), effectiveFrom: plan.effectiveFrom } } : {}),
    createdAt: e.createdAt,
    ...(e.updatedAt !== undefined ? { updatedAt: e.updatedAt } : {}),
  };
}
