/**
 * CheckBatch: many checks in one request, answered in request order, each exactly as /v1/check
 * would answer it.
 */
import type { AuthzModel } from './authz-model';
import type { CheckAccessQuery, CheckInput } from './check-access';
import { InvalidInputError, underField } from './errors';
import { MAX_CHECKS_PER_BATCH } from './limits';
import { parseRevision, type Consistency, type RevisionGate } from './revision';

export interface CheckBatchInput {
  checks: CheckInput[];
  consistency?: Consistency;
}

/** CheckBatchQuery validates the whole batch first (a bad check answers nothing), waits once for the strongest consistency asked, then checks all. */
export class CheckBatchQuery {
  constructor(
    private readonly model: AuthzModel,
    private readonly checkAccess: Pick<CheckAccessQuery, 'execute'>,
    private readonly gate: Pick<RevisionGate, 'reach'>,
  ) {}

  async execute(input: CheckBatchInput): Promise<{ results: Array<{ allowed: boolean }> }> {
    const { checks } = input;
    if (checks.length === 0) throw new InvalidInputError(`checks is empty: give between 1 and ${MAX_CHECKS_PER_BATCH} checks`, 'empty_batch');
    if (checks.length > MAX_CHECKS_PER_BATCH) {
      throw new InvalidInputError(`a batch takes at most ${MAX_CHECKS_PER_BATCH} checks; got ${checks.length}`, 'too_many_checks');
    }
    let atLeast = input.consistency?.atLeast === undefined ? -1 : parseRevision(input.consistency.atLeast);
    checks.forEach((c, i) => underField(`checks[${i}]`, () => {
      this.model.validateQuestion(c);
      if (c.consistency?.atLeast !== undefined) atLeast = Math.max(atLeast, parseRevision(c.consistency.atLeast));
    }));
    const consistency = atLeast < 0 ? undefined : { atLeast: String(atLeast) };
    await this.gate.reach(consistency);
    // Once reached, each check's own reach returns at once and still asks the engine for fresh answers.
    const results = await Promise.all(
      checks.map((c) => this.checkAccess.execute({ user: c.user, relation: c.relation, object: c.object, consistency })),
    );
    return { results };
  }
}
