/**
 * ListObjects: every object of a type on which a user holds a relation, complete and sorted,
 * computed from the live graph in Neo4j by the model's rules (never cut off by an engine limit).
 */
import type { AccessRules } from './access-rules';
import { TupleGraph } from './access-rules';
import type { AuthzModel } from './authz-model';
import { parseRevision, type Consistency } from './revision';
import { pageAfter } from './sorted-page';
import { parseRef } from './tuple';
import type { GraphStore, Page } from '../storage/ports';

export interface ListObjectsInput {
  user: string;
  relation: string;
  type: string;
  limit: number;
  cursor?: string;
  consistency?: Consistency;
}

/**
 * checkConsistency validates `consistency.atLeast` for graph answers. Neo4j is where writes land
 * first and every acknowledged revision is committed there, so state that includes the revision
 * is always at hand: nothing to wait for.
 */
export function checkConsistency(consistency: Consistency | undefined): void {
  if (consistency?.atLeast !== undefined) parseRevision(consistency.atLeast);
}

/** ListObjectsQuery walks forward from the user over the tuples that can matter and pages the sorted answer. */
export class ListObjectsQuery {
  constructor(
    private readonly model: AuthzModel,
    private readonly rules: AccessRules,
    private readonly graph: Pick<GraphStore, 'tuplesFrom'>,
  ) {}

  async execute(input: ListObjectsInput): Promise<Page<string>> {
    this.model.validateRelation(input.type, input.relation);
    this.model.validateType(parseRef(input.user, 'user').type, 'user');
    checkConsistency(input.consistency);
    const { first, links } = this.rules.involved(input.type, input.relation);
    const tuples = await this.graph.tuplesFrom([input.user], [...first, ...links]);
    const objects = this.rules.objectsOf(new TupleGraph(tuples), input.user, input.relation, input.type);
    return pageAfter(objects, input.limit, input.cursor);
  }
}
