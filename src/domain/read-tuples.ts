/**
 * ReadTuples: pages through the live relationships, filtered by user, relation or object,
 * from Neo4j (the source of truth), each with when and by whom it was written.
 */
import type { AuthzModel } from './authz-model';
import { parseRef } from './tuple';
import type { Page, StoredTuple, TupleFilter, TupleStore } from './ports';

/** ReadTuplesQuery lists live tuples. */
export class ReadTuplesQuery {
  constructor(private readonly model: AuthzModel, private readonly store: Pick<TupleStore, 'readTuples'>) {}

  async execute(filter: TupleFilter, limit: number, cursor?: string): Promise<Page<StoredTuple>> {
    if (filter.user) this.model.validateType(parseRef(filter.user, 'user').type, 'user');
    if (filter.object) {
      const type = parseRef(filter.object, 'object').type;
      if (filter.relation) this.model.validateRelation(type, filter.relation);
      else this.model.validateType(type, 'object');
    }
    if (filter.objectType) {
      if (filter.relation) this.model.validateRelation(filter.objectType, filter.relation);
      else this.model.validateType(filter.objectType, 'type');
    }
    return this.store.readTuples(filter, limit, cursor);
  }
}
