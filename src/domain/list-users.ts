/**
 * ListUsers: every user (optionally of one type) holding a relation on an object, complete and
 * sorted, computed from the live graph in Neo4j by the model's rules.
 */
import type { AccessRules } from './access-rules';
import { TupleGraph } from './access-rules';
import type { AuthzModel } from './authz-model';
import { atLeastOf } from './list-objects';
import type { Consistency } from './revision';
import type { SnapshotPages } from './sorted-page';
import { parseRef } from './tuple';
import type { GraphStore, Page } from './ports';

export interface ListUsersInput {
  object: string;
  relation: string;
  userType?: string;
  limit: number;
  cursor?: string;
  consistency?: Consistency;
}

/** ListUsersQuery walks backward from the object over the tuples that can matter and pages the sorted answer. */
export class ListUsersQuery {
  constructor(
    private readonly model: AuthzModel,
    private readonly rules: AccessRules,
    private readonly graph: Pick<GraphStore, 'tuplesInto'>,
    private readonly pages: SnapshotPages,
  ) {}

  async execute(input: ListUsersInput): Promise<Page<string>> {
    const type = parseRef(input.object, 'object').type;
    this.model.validateRelation(type, input.relation);
    if (input.userType !== undefined) this.model.validateType(input.userType, 'userType');
    const atLeast = atLeastOf(input.consistency);
    const compute = async () => {
      const { first, links } = this.rules.involved(type, input.relation);
      const tuples = await this.graph.tuplesInto([input.object], [...first, ...links]);
      return this.rules.usersOf(new TupleGraph(tuples), input.object, input.relation, input.userType);
    };
    return this.pages.page({ key: JSON.stringify(['users', input.object, input.relation, input.userType ?? null]), compute, atLeast }, input.limit, input.cursor);
  }
}
