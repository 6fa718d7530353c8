/**
 * ExpandRelation: who holds a relation on an object, one level deep, as OpenFGA's Expand answers
 * it (the users written, and the usersets the rest comes from), for tools that draw or debug a model.
 */
import type { AuthzModel } from './authz-model';
import type { Consistency, RevisionGate } from './revision';
import { parseRef } from './tuple';
import type { AuthzEngine, UsersetTree } from './ports';

export interface ExpandInput {
  relation: string;
  object: string;
  consistency?: Consistency;
}

/** ExpandRelationQuery asks the check engine, which holds the model's rewrites, after the model has vetted the question. */
export class ExpandRelationQuery {
  constructor(
    private readonly model: AuthzModel,
    private readonly engine: Pick<AuthzEngine, 'expand'>,
    private readonly gate: Pick<RevisionGate, 'reach'>,
  ) {}

  async execute(input: ExpandInput): Promise<UsersetTree> {
    this.model.validateRelation(parseRef(input.object, 'object').type, input.relation);
    const { fresh } = await this.gate.reach(input.consistency);
    return this.engine.expand(input.relation, input.object, { fresh });
  }
}
