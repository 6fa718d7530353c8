/**
 * Relationship tuples and object references in contract notation (`type:id`), with the id
 * pattern every entry point enforces.
 */
import { InvalidInputError } from './errors';

/** ID_PATTERN is the contract's id grammar; anything else is refused before it reaches a store. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@|-]{0,127}$/;
/** TYPE_PATTERN bounds type and relation names to what an authorization model can declare. */
export const NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** Tuple is a relationship in OpenFGA notation: `user` has `relation` on `object`. */
export interface Tuple {
  user: string;
  relation: string;
  object: string;
}

/** ObjectRef is a parsed `type:id`. */
export interface ObjectRef {
  type: string;
  id: string;
}

/** parseRef splits `type:id`, refusing anything outside the contract's grammar. */
export function parseRef(value: string, field: string): ObjectRef {
  const at = value.indexOf(':');
  const type = at < 0 ? '' : value.slice(0, at);
  const id = at < 0 ? '' : value.slice(at + 1);
  if (!NAME_PATTERN.test(type) || !ID_PATTERN.test(id)) {
    throw new InvalidInputError(
      `${field} must be written type:id, with an id matching ${ID_PATTERN.source}; got ${JSON.stringify(value.slice(0, 80))}`,
      'invalid_object_reference',
      { field },
    );
  }
  return { type, id };
}

/** tupleKey is a stable string for a tuple, for sets and maps. */
export function tupleKey(t: Tuple): string {
  return `${t.object}#${t.relation}@${t.user}`;
}

/** compareTuples orders tuples by object, relation, user: the order of every tuple listing. */
export function compareTuples(a: Tuple, b: Tuple): number {
  return a.object < b.object ? -1 : a.object > b.object ? 1
    : a.relation < b.relation ? -1 : a.relation > b.relation ? 1
    : a.user < b.user ? -1 : a.user > b.user ? 1 : 0;
}
