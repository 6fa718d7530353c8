/** GetEntity: one user, organization or reseller with its attributes (a reseller with its newest plan); 404 when it has no node or was deleted. */
import { entityKey, isLive, unknownEntity, viewOf, type EntityType, type EntityView } from './entity';
import type { CommissionStore, EntityStore } from './ports';

/** GetEntityQuery reads one live entity. */
export class GetEntityQuery {
  constructor(
    private readonly store: Pick<EntityStore, 'getEntity'>,
    private readonly plans: Pick<CommissionStore, 'plans'>,
  ) {}

  async execute(type: EntityType, id: string): Promise<EntityView> {
    const key = entityKey(type, id);
    const entity = await this.store.getEntity(type, id);
    if (!isLive(entity)) throw unknownEntity(type, id);
    return viewOf(entity, type === 'reseller' ? (await this.plans.plans(key)).at(-1) : undefined);
  }
}
