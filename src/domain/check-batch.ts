/**
 * CheckBatch: many checks in one request, answered in request order, each exactly as /v1/check
 * would answer it.
 */
import type { AuthzModel } from './authz-model';
import { validateCheck, type CheckAccessQuery, type CheckInput } from './check-access';
import { InvalidInputError } from './errors';
import { MAX_CHECKS_PER_BATCH } from './limits';
import { parseRevision, type Consistency, type RevisionGate } from './revision';

export interface CheckBatchInput {
  checks: CheckInput[];
  consistency?: Consistency;
}

/** CheckOutcome is one check of a settled batch: its answer, or why the model refused the question. */
export type CheckOutcome = { allowed: boolean } | { error: InvalidInputError };

/** CheckBatchQuery validates the whole batch first, waits once for the strongest consistency asked, then checks all. */
export class CheckBatchQuery {
  constructor(
    private readonly model: AuthzModel,
    private readonly checkAccess: Pick<CheckAccessQuery, 'execute'>,
    private readonly gate: Pick<RevisionGate, 'reach'>,
  ) {}

  /** execute answers every check, or none: a bad check is a 400 naming its place (`checks[2]: ...`). */
  async execute(input: CheckBatchInput): Promise<{ results: Array<{ allowed: boolean }> }> {
    const { refused, consistency } = this.validate(input);
    const bad = refused.findIndex((e) => e !== undefined);
    if (bad >= 0) throw new InvalidInputError(`checks[${bad}]: ${refused[bad]!.message}`, refused[bad]!.code, refused[bad]!.details);
    return { results: await this.answer(input.checks, consistency) };
  }

  /**
   * settle answers each check on its own: a check the model refuses (unknown type or relation, a bad
   * revision) gets its error in its place while the others are answered, as surfaces whose batches
   * report errors per item need (AuthZEN's evaluations). An engine that is down still fails the whole.
   */
  async settle(input: CheckBatchInput): Promise<CheckOutcome[]> {
    const { refused, consistency } = this.validate(input);
    const answers = await this.answer(input.checks.filter((_, i) => refused[i] === undefined), consistency);
    let next = 0;
    return refused.map((error) => (error ? { error } : answers[next++]));
  }

  /** validate bounds the batch (a 400 for all of it) and each check; it returns each check's refusal and the strongest consistency asked. */
  private validate(input: CheckBatchInput): { refused: Array<InvalidInputError | undefined>; consistency?: Consistency } {
    const { checks } = input;
    if (checks.length === 0) throw new InvalidInputError(`checks is empty: give between 1 and ${MAX_CHECKS_PER_BATCH} checks`, 'empty_batch');
    if (checks.length > MAX_CHECKS_PER_BATCH) {
      throw new InvalidInputError(`a batch takes at most ${MAX_CHECKS_PER_BATCH} checks; got ${checks.length}`, 'too_many_checks');
    }
    let atLeast = input.consistency?.atLeast === undefined ? -1 : parseRevision(input.consistency.atLeast);
    const refused = checks.map((c) => {
      try {
        validateCheck(this.model, c);
        if (c.consistency?.atLeast !== undefined) atLeast = Math.max(atLeast, parseRevision(c.consistency.atLeast));
        return undefined;
      } catch (err) {
        if (err instanceof InvalidInputError) return err;
        throw err;
      }
    });
    const fresh = input.consistency?.fresh === true || checks.some((c) => c.consistency?.fresh === true);
    if (atLeast < 0 && !fresh) return { refused };
    return { refused, consistency: { ...(atLeast < 0 ? {} : { atLeast: String(atLeast) }), ...(fresh ? { fresh } : {}) } };
  }

  /** answer waits once for consistency, then checks all; once reached, each check's own wait returns at once and still asks for fresh answers. */
  private async answer(checks: CheckInput[], consistency: Consistency | undefined): Promise<Array<{ allowed: boolean }>> {
    await this.gate.reach(consistency);
    return Promise.all(checks.map((c) => this.checkAccess.execute({ user: c.user, relation: c.relation, object: c.object, contextualTuples: c.contextualTuples, context: c.context, consistency })));
  }
}
