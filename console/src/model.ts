/** The names of authz-model.fga the console suggests in its fields; suggestions only: the service validates every question. */

/** RELATIONS are the model's relations, direct ones first. */
export const RELATIONS = ['owner', 'admin', 'member', 'reseller', 'parent', 'can_view', 'can_manage', 'can_view_commission'];
/** LINK_RELATIONS are the relations a link (a written tuple) may have. */
export const LINK_RELATIONS = ['owner', 'admin', 'member', 'reseller', 'parent'];
/** OBJECT_TYPES are the types that have relations. */
export const OBJECT_TYPES = ['organization', 'reseller'];
/** COLLECTIONS maps a type to its /v1 collection. */
export const COLLECTIONS = { user: 'users', organization: 'organizations', reseller: 'resellers' } as const;
export type EntityType = keyof typeof COLLECTIONS;

/** splitKey reads `type:id`, or undefined when text is not one of the three entity types. */
export function splitKey(text: string): { type: EntityType; id: string } | undefined {
  const i = text.indexOf(':');
  const type = text.slice(0, i) as EntityType;
  return i > 0 && type in COLLECTIONS && i < text.length - 1 ? { type, id: text.slice(i + 1) } : undefined;
}
