/**
 * CheckAccess: can this user do this relation on this object? Answered by OpenFGA, optionally
 * only from state that includes a given revision.
 */
import type { AuthzModel } from './authz-model';
import type { Consistency, RevisionGate } from './revision';
import type { Tuple } from './tuple';
import type { AuthzEngine } from './ports';

export interface CheckInput extends Tuple {
  consistency?: Consistency;
}

/** CheckAccessQuery answers one check. */
export class CheckAccessQuery {
  constructor(
    private readonly model: AuthzModel,
    private readonly engine: Pick<AuthzEngine, 'check'>,
    private readonly gate: RevisionGate,
  ) {}

  async execute(input: CheckInput): Promise<{ allowed: boolean }> {
    const tuple = { user: input.user, relation: input.relation, object: input.object };
    this.model.validateQuestion(tuple);
    const { fresh } = await this.gate.reach(input.consistency);
    return { allowed: await this.engine.check(tuple, { fresh }) };
  }
}
