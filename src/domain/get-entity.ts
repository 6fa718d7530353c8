/** GetEntity: one user, organization or reseller with its attributes; 404 when it has no node or was deleted. */
import { entityKey, isLive, unknownEntity, viewOf, type EntityType, type EntityView } from './entity';
import type { EntityStore } from './ports';

/** GetEntityQuery reads one live entity. */
export class GetEntityQuery {
  constructor(private readonly store: Pick<EntityStore, 'getEntity'>) {}

  async execute(type: EntityType, id: string): Promise<EntityView> {
    entityKey(type, id);
    const entity = await this.store.getEntity(type, id);
    if (!isLive(entity)) throw unknownEntity(type, id);
    return viewOf(entity);
  }
}
