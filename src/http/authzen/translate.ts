/**
 * AuthZEN's entities to the contract's tuples and back, and the evaluations rules of the spec
 * (defaults, per-evaluation errors, the three semantics), so the operations stay one call each.
 */
import { InvalidInputError } from '../../domain/errors';
import type { CheckOutcome } from '../../domain/check-batch';
import type { Tuple } from '../../domain/tuple';
import type { ErrorBody } from '../errors';
import type { Semantic } from './schemas';

/** Entity is a subject or resource: a type of the model and an id. */
export interface Entity {
  type: string;
  id: string;
}

/** Decision is one answer in the spec's shape. */
export interface Decision {
  decision: boolean;
  context?: Record<string, unknown>;
}

/** ref writes an entity in the contract's `type:id`. */
export const ref = (e: Entity): string => `${e.type}:${e.id}`;

/** entity reads `type:id` back; ids never hold a colon (tuple.ts), so the first one splits. */
export function entity(value: string): Entity {
  const at = value.indexOf(':');
  return { type: value.slice(0, at), id: value.slice(at + 1) };
}

/** question is the check an evaluation asks: may the subject do the action (a relation) on the resource. */
export const question = (subject: Entity, action: { name: string }, resource: Entity): Tuple => ({ user: ref(subject), relation: action.name, object: ref(resource) });

/** Evaluation is an evaluation of a batch, or the batch's defaults, as the schema lets each part be partial. */
export interface Evaluation {
  subject?: Partial<Entity>;
  action?: { name?: string };
  resource?: Partial<Entity>;
}

/**
 * merged fills an evaluation from the batch's defaults: an entity given in the evaluation replaces
 * the default, and a type or id it leaves out comes from the default (the spec's default values,
 * as its certification scenario reads them). A part still missing is that evaluation's 400.
 */
export function merged(defaults: Evaluation, item: Evaluation): Tuple | InvalidInputError {
  const missing: string[] = [];
  const field = (path: string, own: string | undefined, fallback: string | undefined): string => {
    if (own === undefined && fallback === undefined) missing.push(path);
    return own ?? fallback ?? '';
  };
  const subject = { type: field('subject.type', item.subject?.type, defaults.subject?.type), id: field('subject.id', item.subject?.id, defaults.subject?.id) };
  const resource = { type: field('resource.type', item.resource?.type, defaults.resource?.type), id: field('resource.id', item.resource?.id, defaults.resource?.id) };
  const name = field('action.name', item.action?.name, defaults.action?.name);
  if (missing.length === 0) return question(subject, { name }, resource);
  const many = missing.length > 1;
  return new InvalidInputError(`${missing.join(', ')} ${many ? 'are' : 'is'} required: give ${many ? 'them' : 'it'} in the evaluation or at the top level`, 'invalid_request');
}

/** decided turns outcomes into decisions: a refused evaluation is denied, its error in its context in the surface's error shape. */
export function decided(outcomes: CheckOutcome[], errorBody: ErrorBody): Decision[] {
  return outcomes.map((o) => ('allowed' in o ? { decision: o.allowed } : { decision: false, context: errorBody(o.error.status, o.error.code, o.error.message) as Record<string, unknown> }));
}

/**
 * cut answers a semantic: execute_all every decision; deny_on_first_deny up to the first deny
 * (which says why the answer ends there, as the spec's example does, unless it carries an error);
 * permit_on_first_permit up to the first permit.
 */
export function cut(decisions: Decision[], semantic: Semantic): Decision[] {
  if (semantic === 'execute_all') return decisions;
  const deciding = decisions.findIndex((d) => d.decision === (semantic === 'permit_on_first_permit'));
  if (deciding < 0) return decisions;
  const answered = decisions.slice(0, deciding + 1);
  if (semantic === 'deny_on_first_deny' && !answered[deciding].context) answered[deciding] = { decision: false, context: { code: '200', reason: 'deny_on_first_deny' } };
  return answered;
}

/** settled asks settle about the evaluations that are whole, and puts each incomplete one's refusal back in its place. */
export async function settled(questions: Array<Tuple | InvalidInputError>, settle: (checks: Tuple[]) => Promise<CheckOutcome[]>): Promise<CheckOutcome[]> {
  const whole = questions.filter((q): q is Tuple => !(q instanceof InvalidInputError));
  const answers = whole.length ? await settle(whole) : [];
  let next = 0;
  return questions.map((q) => (q instanceof InvalidInputError ? { error: q } : answers[next++]));
}
