/**
 * WhatIf: who would gain and who would lose which relation on which objects if these tuples were
 * written or deleted. Nothing is written: the change is laid over the part of the graph it can
 * reach, fetched from Neo4j, and every relation of every object downstream is compared.
 */
import { type AccessRules, TupleGraph } from './access-rules';
import type { AuthzModel } from './authz-model';
import { WHAT_IF_LIMIT, WHAT_IF_MAX } from './limits';
import { compareTuples, tupleKey, type Tuple } from './tuple';
import { validateTupleChanges } from './write-tuples';
import type { GraphStore } from './ports';

/**
 * WhatIfAnswer lists the (user, relation, object) grants that would appear and disappear, sorted by
 * object, relation, user: the first limit of each, with how many there are in all (truncated when
 * either list was cut). Unlinking a reseller with thousands of customers can take away millions.
 */
export interface WhatIfAnswer {
  gains: Tuple[];
  losses: Tuple[];
  totals: { gains: number; losses: number };
  truncated: boolean;
}

/** WhatIfQuery is validated exactly like a write to POST /v1/tuples, then answered without writing. */
export class WhatIfQuery {
  constructor(
    private readonly model: AuthzModel,
    private readonly rules: AccessRules,
    private readonly graph: Pick<GraphStore, 'tuplesFrom' | 'tuplesInto'>,
  ) {}

  async execute(input: { writes: Tuple[]; deletes: Tuple[]; limit?: number }): Promise<WhatIfAnswer> {
    const limit = Math.min(input.limit ?? WHAT_IF_LIMIT, WHAT_IF_MAX);
    const { writes, deletes } = validateTupleChanges(this.model, input.writes, input.deletes);
    const relations = this.rules.writtenRelations();
    // Downstream of the changed objects, with the written tuples laid over: every written tuple's
    // object is a seed, so the live tuples reachable from the seeds are all the closure needs.
    const seeds = [...new Set([...writes, ...deletes].map((t) => t.object))];
    const down = new TupleGraph([...(await this.graph.tuplesFrom(seeds, relations)), ...writes]);
    const affected = reach(seeds, (k) => down.from(k).map((t) => t.object));
    // Everything upstream of the affected objects and of the written tuples' users decides who holds what there.
    const up = await this.graph.tuplesInto([...new Set([...affected, ...writes.map((t) => t.user)])], relations);
    const removed = new Set(deletes.map(tupleKey));
    const liveKeys = new Set(up.map(tupleKey));
    const before = new TupleGraph(up);
    const after = new TupleGraph([...up.filter((t) => !removed.has(tupleKey(t))), ...writes.filter((t) => !liveKeys.has(tupleKey(t)))]);
    const answer: WhatIfAnswer = { gains: [], losses: [], totals: { gains: 0, losses: 0 }, truncated: false };
    // Objects in order, each one's grants sorted: the lists come out sorted and only limit of each is kept.
    const keep = (list: Tuple[], found: Tuple[]) => {
      for (const t of found.sort(compareTuples)) if (list.length < limit) list.push(t);
      return found.length;
    };
    for (const object of [...affected].sort()) {
      const gains: Tuple[] = [];
      const losses: Tuple[] = [];
      for (const relation of this.rules.relationsOf(object.slice(0, object.indexOf(':')))) {
        const had = new Set(this.rules.usersOf(before, object, relation));
        const has = new Set(this.rules.usersOf(after, object, relation));
        for (const user of has) if (!had.has(user)) gains.push({ user, relation, object });
        for (const user of had) if (!has.has(user)) losses.push({ user, relation, object });
      }
      answer.totals.gains += keep(answer.gains, gains);
      answer.totals.losses += keep(answer.losses, losses);
    }
    answer.truncated = answer.totals.gains > answer.gains.length || answer.totals.losses > answer.losses.length;
    return answer;
  }
}

/** reach is every key reachable from seeds (seeds included) by next. */
function reach(seeds: string[], next: (key: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...seeds];
  while (queue.length) {
    const key = queue.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    queue.push(...next(key));
  }
  return seen;
}
