/**
 * SearchEntities: the users, organizations and resellers whose id or name contains a piece of text,
 * so a person who remembers part of a name reaches the entity without knowing its exact id.
 */
import { ENTITY_TYPES, viewOf, type EntityType, type EntityView } from './entity';
import { InvalidInputError } from './errors';
import { MAX_SEARCH_TEXT } from './limits';
import type { EntityStore, Page } from './ports';

/** SearchEntitiesInput is the text to find, the types to look in (absent: all three) and the page wanted. */
export interface SearchEntitiesInput {
  text: string;
  types?: EntityType[];
  limit: number;
  cursor?: string;
}

/** SearchEntitiesQuery finds live entities by part of their id or name, ignoring case, complete and paged in (type, id) order. */
export class SearchEntitiesQuery {
  constructor(private readonly store: Pick<EntityStore, 'searchEntities'>) {}

  async execute(input: SearchEntitiesInput): Promise<Page<EntityView>> {
    const text = input.text.trim().toLowerCase();
    if (text.length === 0 || text.length > MAX_SEARCH_TEXT) {
      throw new InvalidInputError(`q must hold 1 to ${MAX_SEARCH_TEXT} characters besides spaces at either end`, 'invalid_search');
    }
    const types = input.types && input.types.length > 0 ? [...new Set(input.types)] : [...ENTITY_TYPES];
    const page = await this.store.searchEntities(text, types, input.limit, input.cursor);
    return { items: page.items.map((e) => viewOf(e)), cursor: page.cursor };
  }
}
