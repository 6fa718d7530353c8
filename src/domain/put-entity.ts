/**
 * PutEntity: sets a user's, organization's or reseller's attributes, creating the entity, filling
 * the bare node a tuple made, or reviving a deleted one. A PUT replaces every attribute.
 */
import { parsePlan, type CommissionPlanInput } from './commission';
import { entityKey, viewOf, type EntityType, type EntityView } from './entity';
import type { EntityStore } from './ports';

/** PutEntityInput is the validated body of a PUT plus who sends it; email is for users, commission for resellers. */
export interface PutEntityInput {
  type: EntityType;
  id: string;
  name?: string;
  email?: string;
  commission?: CommissionPlanInput;
  actor: string;
  requestId: string;
}

/** PutEntityCommand creates or replaces an entity's attributes. */
export class PutEntityCommand {
  constructor(private readonly store: Pick<EntityStore, 'putEntity'>) {}

  async execute(input: PutEntityInput): Promise<{ entity: EntityView; created: boolean }> {
    entityKey(input.type, input.id);
    const commission = input.commission ? parsePlan(input.commission) : undefined;
    const { entity, created } = await this.store.putEntity(
      input.type,
      input.id,
      { name: input.name, email: input.email, commission },
      { actor: input.actor, requestId: input.requestId, at: new Date() },
    );
    return { entity: viewOf(entity), created };
  }
}
