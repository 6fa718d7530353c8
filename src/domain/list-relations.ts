/**
 * ListRelations: every relation the model declares on an object's type that a user holds on that
 * object, sorted and paged like the other listings; what AuthZEN calls an action search.
 */
import type { AuthzModel } from './authz-model';
import type { CheckBatchQuery } from './check-batch';
import { atLeastOf } from './list-objects';
import type { Consistency } from './revision';
import type { SnapshotPages } from './sorted-page';
import { parseRef } from './tuple';
import type { Page } from './ports';

export interface ListRelationsInput {
  user: string;
  object: string;
  limit: number;
  cursor?: string;
  consistency?: Consistency;
}

/** ListRelationsQuery asks one check per relation of the object's type, together, so the answer is what /v1/check says for each. */
export class ListRelationsQuery {
  constructor(
    private readonly model: AuthzModel,
    private readonly checkBatch: Pick<CheckBatchQuery, 'execute'>,
    private readonly pages: SnapshotPages,
  ) {}

  async execute(input: ListRelationsInput): Promise<Page<string>> {
    const type = parseRef(input.object, 'object').type;
    this.model.validateType(type, 'object');
    this.model.validateType(parseRef(input.user, 'user').type, 'user');
    const relations = this.model.relationsOf(type);
    const compute = async () => {
      if (relations.length === 0) return [];
      const checks = relations.map((relation) => ({ user: input.user, relation, object: input.object }));
      const { results } = await this.checkBatch.execute({ checks, consistency: input.consistency });
      return relations.filter((_, i) => results[i].allowed).sort();
    };
    const key = JSON.stringify(['relations', input.user, input.object]);
    return this.pages.page({ key, compute, atLeast: atLeastOf(input.consistency) }, input.limit, input.cursor);
  }
}
