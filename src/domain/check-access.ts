/**
 * CheckAccess: can this user do this relation on this object? Answered by OpenFGA, optionally
 * only from state that includes a given revision.
 */
import type { AuthzModel } from './authz-model';
import type { Consistency, RevisionGate } from './revision';
import { underField } from './errors';
import type { Tuple } from './tuple';
import type { AuthzEngine } from './ports';

export interface CheckInput extends Tuple {
  consistency?: Consistency;
  /** contextualTuples count as written for this check only; each must be one the model lets be written. */
  contextualTuples?: Tuple[];
  /** context is passed on to the check engine for the model's conditions. */
  context?: Record<string, unknown>;
}

/**
 * validateCheck refuses a question the model cannot answer (unknown type or relation) or a
 * contextual tuple it would not let be written; it returns the contextual tuples, bare.
 */
export function validateCheck(model: AuthzModel, input: CheckInput): Tuple[] | undefined {
  model.validateQuestion(input);
  return input.contextualTuples?.map(({ user, relation, object }, i) => {
    underField(`contextualTuples[${i}]`, () => model.validateWrite({ user, relation, object }));
    return { user, relation, object };
  });
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
    const contextualTuples = validateCheck(this.model, input);
    const { fresh } = await this.gate.reach(input.consistency);
    return { allowed: await this.engine.check(tuple, { fresh, contextualTuples, context: input.context }) };
  }
}
