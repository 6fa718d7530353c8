/**
 * ExplainAccess: why a user holds a relation on an object. Every simple chain of tuples through
 * which it holds (directly, through a reseller, through reseller tiers), shortest first, each
 * tuple with when and by whom it was written; now, or as of any moment since the first write.
 */
import type { AccessRules } from './access-rules';
import type { AuthzModel } from './authz-model';
import { parseInstant } from './instant';
import { parseRef } from './tuple';
import type { GraphStore, StoredTuple } from './ports';

export interface ExplainAccessInput {
  user: string;
  relation: string;
  object: string;
  limit: number;
  /** at is an ISO time; absent means now. */
  at?: string;
}

/** AccessExplanation: paths is non-empty exactly when allowed; truncated says more paths exist than limit. */
export interface AccessExplanation {
  allowed: boolean;
  paths: Array<{ tuples: StoredTuple[] }>;
  truncated: boolean;
}

/**
 * ExplainAccessQuery answers from Neo4j alone, so allowed and paths always agree; allowed is
 * the same answer as /v1/check for every acknowledged write (a property test holds them equal).
 */
export class ExplainAccessQuery {
  constructor(
    private readonly model: AuthzModel,
    private readonly rules: AccessRules,
    private readonly graph: Pick<GraphStore, 'chains'>,
  ) {}

  async execute(input: ExplainAccessInput): Promise<AccessExplanation> {
    this.model.validateQuestion(input);
    const asOf = input.at === undefined ? undefined : parseInstant(input.at, 'at');
    const type = parseRef(input.object, 'object').type;
    const { first, links } = this.rules.involved(type, input.relation);
    // The Cypher follows the relations that can matter; the rules then keep the chains that really
    // make the relation hold. When they refuse some, ask again for more until the answer is complete.
    let cap = input.limit + 1;
    for (;;) {
      const chains = await this.graph.chains({ user: input.user, object: input.object, first, links, asOf, limit: cap });
      const accepted = chains.filter((c) => this.rules.accepts(c, input.relation));
      if (accepted.length > input.limit || chains.length < cap) {
        return {
          allowed: accepted.length > 0,
          paths: accepted.slice(0, input.limit).map((tuples) => ({ tuples })),
          truncated: accepted.length > input.limit,
        };
      }
      cap *= 4;
    }
  }
}
