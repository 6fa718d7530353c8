/**
 * ListObjects: every object of a type on which a user holds a relation, complete and sorted,
 * computed from the live graph in Neo4j by the model's rules (never cut off by an engine limit).
 */
import type { AccessRules } from './access-rules';
import { TupleGraph } from './access-rules';
import type { AuthzModel } from './authz-model';
import { parseRevision, type Consistency } from './revision';
import type { SnapshotPages } from './sorted-page';
import { parseRef } from './tuple';
import type { GraphStore, Page } from './ports';

export interface ListObjectsInput {
  user: string;
  relation: string;
  type: string;
  limit: number;
  cursor?: string;
  consistency?: Consistency;
}

/**
 * atLeastOf validates `consistency.atLeast` for graph answers and returns it as a number. Neo4j is
 * where writes land first and every acknowledged revision is committed there, so state that
 * includes the revision is always at hand: nothing to wait for, only an old snapshot to refuse.
 */
export function atLeastOf(consistency: Consistency | undefined): number | undefined {
  return consistency?.atLeast === undefined ? undefined : parseRevision(consistency.atLeast);
}

/** ListObjectsQuery walks forward from the user over the tuples that can matter and pages the sorted answer. */
export class ListObjectsQuery {
  constructor(
    private readonly model: AuthzModel,
    private readonly rules: AccessRules,
    private readonly graph: Pick<GraphStore, 'tuplesFrom'>,
    private readonly pages: SnapshotPages,
  ) {}

  async execute(input: ListObjectsInput): Promise<Page<string>> {
    this.model.validateRelation(input.type, input.relation);
    this.model.validateType(parseRef(input.user, 'user').type, 'user');
    const atLeast = atLeastOf(input.consistency);
    const compute = async () => {
      const { first, links } = this.rules.involved(input.type, input.relation);
      const tuples = await this.graph.tuplesFrom([input.user], [...first, ...links]);
      return this.rules.objectsOf(new TupleGraph(tuples), input.user, input.relation, input.type);
    };
    return this.pages.page({ key: JSON.stringify(['objects', input.user, input.relation, input.type]), compute, atLeast }, input.limit, input.cursor);
  }
}
