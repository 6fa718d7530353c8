/** ListEntities: pages through the live entities of one type in id order, bare ones included. */
import { viewOf, type EntityType, type EntityView } from './entity';
import type { EntityStore, Page } from './ports';

/** ListEntitiesQuery lists users, organizations or resellers. */
export class ListEntitiesQuery {
  constructor(private readonly store: Pick<EntityStore, 'listEntities'>) {}

  async execute(type: EntityType, limit: number, cursor?: string): Promise<Page<EntityView>> {
    const page = await this.store.listEntities(type, limit, cursor);
    return { items: page.items.map((e) => viewOf(e)), cursor: page.cursor };
  }
}
