/**
 * What each relation means in terms of written tuples, derived from authz-model.fga: the one
 * place the service's own graph answers (lists, access paths, what-if) learn which written
 * relations imply each relation and through which links (reseller, parent tiers) it flows. It
 * also evaluates those rules over a set of tuples held in memory.
 */
import type { ModelJson } from './authz-model';
import type { Tuple } from './tuple';

/** StateKey names a relation on a type, `type#relation`: a state of the evaluation automaton. */
export type StateKey = string;

/** Step says the relation also holds for whoever holds `next` on an object linked by a `via` tuple from a `fromType` object. */
export interface Step {
  via: string;
  fromType: string;
  next: StateKey;
}

/** Rule is what makes `type#relation` hold, with computed relations (admin ⊂ member) already folded in. */
export interface Rule {
  /** direct lists the written relations on this type that imply it, with the user types each takes. */
  direct: Array<{ relation: string; userTypes: string[] }>;
  /** steps are the links (tupleset relations) through which it is inherited from other objects. */
  steps: Step[];
}

type Rewrite = {
  this?: object;
  computedUserset?: { relation?: string };
  tupleToUserset?: { tupleset?: { relation?: string }; computedUserset?: { relation?: string } };
  union?: { child?: Rewrite[] };
  intersection?: unknown;
  difference?: unknown;
};

const typeOf = (key: string): string => key.slice(0, key.indexOf(':'));
const state = (type: string, relation: string): StateKey => `${type}#${relation}`;

/**
 * AccessRules is the model as an automaton over tuple chains. A chain user -r1-> x1 -r2-> ... -> object
 * makes a relation hold when r1 is a direct relation of some state on x1 and each further tuple is a
 * step into the next state. Intersection, exclusion, wildcards and userset types are refused at load,
 * because the service's own answers would then need more than chains.
 */
export class AccessRules {
  private readonly rules = new Map<StateKey, Rule>();
  /** `type#written` -> states of that type a directly written relation implies (with the user types). */
  private readonly byDirect = new Map<string, Array<{ state: StateKey; userTypes: string[] }>>();
  /** `via|fromType|next` -> states that hold when a `via` tuple links from a fromType object holding next. */
  private readonly byStep = new Map<string, StateKey[]>();

  constructor(model: ModelJson) {
    const defs = new Map(model.type_definitions.map((d) => [d.type, d]));
    const rewriteOf = (type: string, relation: string): Rewrite | undefined =>
      defs.get(type)?.relations?.[relation] as Rewrite | undefined;
    const directTypes = (type: string, relation: string): string[] => {
      const direct = defs.get(type)?.metadata?.relations?.[relation]?.directly_related_user_types ?? [];
      for (const d of direct) {
        if (d.relation || d.wildcard) throw new Error(`access rules: ${type}#${relation} takes ${d.type}${d.relation ? '#' + d.relation : ':*'}; only plain user types are supported`);
      }
      return direct.map((d) => d.type);
    };
    for (const [type, def] of defs) {
      for (const relation of Object.keys(def.relations ?? {})) {
        const rule: Rule = { direct: [], steps: [] };
        const seen = new Set<string>();
        const visit = (rel: string): void => {
          if (seen.has(rel)) return;
          seen.add(rel);
          const walk = (rw: Rewrite | undefined): void => {
            if (!rw) return;
            if (rw.intersection || rw.difference) throw new Error(`access rules: ${type}#${rel} uses intersection or exclusion, which the graph answers do not support`);
            if (rw.this) rule.direct.push({ relation: rel, userTypes: directTypes(type, rel) });
            if (rw.computedUserset?.relation) visit(rw.computedUserset.relation);
            if (rw.tupleToUserset) {
              const via = rw.tupleToUserset.tupleset?.relation ?? '';
              const next = rw.tupleToUserset.computedUserset?.relation ?? '';
              for (const fromType of directTypes(type, via)) {
                if (defs.get(fromType)?.relations?.[next]) rule.steps.push({ via, fromType, next: state(fromType, next) });
              }
            }
            rw.union?.child?.forEach(walk);
          };
          walk(rewriteOf(type, rel));
        };
        visit(relation);
        this.rules.set(state(type, relation), rule);
      }
    }
    for (const [key, rule] of this.rules) {
      const type = key.slice(0, key.indexOf('#'));
      for (const d of rule.direct) push(this.byDirect, `${type}#${d.relation}`, { state: key, userTypes: d.userTypes });
      for (const s of rule.steps) push(this.byStep, `${s.via}|${s.fromType}|${s.next}`, key);
    }
  }

  /** rule returns what makes type#relation hold; the caller has validated both. */
  rule(type: string, relation: string): Rule {
    const rule = this.rules.get(state(type, relation));
    if (!rule) throw new Error(`access rules: no relation ${type}#${relation}`);
    return rule;
  }

  /** relationsOf lists the relations of a type, in model order. */
  relationsOf(type: string): string[] {
    return [...this.rules.keys()].filter((k) => k.startsWith(`${type}#`)).map((k) => k.slice(type.length + 1));
  }

  /**
   * involved lists, for the states reachable from type#relation, the written relations a chain may
   * start with (first) and the link relations it may continue through (links): what a Cypher
   * traversal must follow. A chain using only these may still be refused by accepts().
   */
  involved(type: string, relation: string): { first: string[]; links: string[] } {
    const first = new Set<string>();
    const links = new Set<string>();
    const seen = new Set<StateKey>();
    const queue = [state(type, relation)];
    while (queue.length) {
      const key = queue.pop()!;
      if (seen.has(key)) continue;
      seen.add(key);
      const rule = this.rules.get(key)!;
      rule.direct.forEach((d) => first.add(d.relation));
      for (const s of rule.steps) {
        links.add(s.via);
        queue.push(s.next);
      }
    }
    return { first: [...first].sort(), links: [...links].sort() };
  }

  /**
   * endTypes lists the types a tuple with one of relations can have at its user end or its object
   * end. A walk forwards only goes on from entities of the user-end types (nothing else holds such
   * a tuple), a walk backwards only from the object-end types.
   */
  endTypes(relations: string[], end: 'user' | 'object'): string[] {
    const wanted = new Set(relations);
    const types = new Set<string>();
    for (const [key, directs] of this.byDirect) {
      const [type, relation] = key.split('#');
      if (!wanted.has(relation)) continue;
      if (end === 'object') types.add(type);
      else for (const d of directs) d.userTypes.forEach((t) => types.add(t));
    }
    return [...types].sort();
  }

  /** writtenRelations lists every relation name any tuple can be written with: a traversal that follows these misses nothing. */
  writtenRelations(): string[] {
    return [...new Set([...this.byDirect.keys()].map((k) => k.slice(k.indexOf('#') + 1)))].sort();
  }

  /** statesFrom are the states a tuple gives its object by itself (the user holds them directly). */
  private statesFrom(t: Tuple): StateKey[] {
    const userType = typeOf(t.user);
    return (this.byDirect.get(`${typeOf(t.object)}#${t.relation}`) ?? []).filter((d) => d.userTypes.includes(userType)).map((d) => d.state);
  }

  /** statesThrough are the states a link tuple t gives its object when its user holds `held`. */
  private statesThrough(t: Tuple, held: StateKey): StateKey[] {
    const result = this.byStep.get(`${t.relation}|${typeOf(t.user)}|${held}`) ?? [];
    return result.filter((k) => k.startsWith(`${typeOf(t.object)}#`));
  }

  /** accepts says whether the chain (each tuple's object is the next one's user) makes its first user hold relation on its last object. */
  accepts(chain: Tuple[], relation: string): boolean {
    if (chain.length === 0) return false;
    let held = new Set(this.statesFrom(chain[0]));
    for (const t of chain.slice(1)) {
      const next = new Set<StateKey>();
      for (const h of held) this.statesThrough(t, h).forEach((s) => next.add(s));
      held = next;
    }
    return held.has(state(typeOf(chain[chain.length - 1].object), relation));
  }

  /** objectsOf answers, over graph, every object of type on which user holds relation, sorted. */
  objectsOf(graph: TupleGraph, user: string, relation: string, type: string): string[] {
    const target = state(type, relation);
    const seen = new Set<string>();
    const found = new Set<string>();
    const queue: Array<[string, StateKey]> = [];
    const reach = (node: string, s: StateKey) => {
      const key = `${node}|${s}`;
      if (seen.has(key)) return;
      seen.add(key);
      if (s === target) found.add(node);
      queue.push([node, s]);
    };
    for (const t of graph.from(user)) this.statesFrom(t).forEach((s) => reach(t.object, s));
    while (queue.length) {
      const [node, held] = queue.pop()!;
      for (const t of graph.from(node)) this.statesThrough(t, held).forEach((s) => reach(t.object, s));
    }
    return [...found].sort();
  }

  /** usersOf answers, over graph, every user (of userType, when given) holding relation on object, sorted. */
  usersOf(graph: TupleGraph, object: string, relation: string, userType?: string): string[] {
    const seen = new Set<string>();
    const found = new Set<string>();
    const queue: Array<[string, StateKey]> = [[object, state(typeOf(object), relation)]];
    while (queue.length) {
      const [node, key] = queue.pop()!;
      const id = `${node}|${key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const rule = this.rules.get(key);
      if (!rule) continue;
      for (const t of graph.into(node)) {
        const userT = typeOf(t.user);
        if (rule.direct.some((d) => d.relation === t.relation && d.userTypes.includes(userT)) && (!userType || userT === userType)) found.add(t.user);
        for (const s of rule.steps) if (s.via === t.relation && s.fromType === userT) queue.push([t.user, s.next]);
      }
    }
    return [...found].sort();
  }
}

/** TupleGraph indexes a set of tuples by user and by object, for evaluating rules in memory. */
export class TupleGraph<T extends Tuple = Tuple> {
  private readonly out = new Map<string, T[]>();
  private readonly in = new Map<string, T[]>();

  constructor(tuples: Iterable<T> = []) {
    for (const t of tuples) {
      push(this.out, t.user, t);
      push(this.in, t.object, t);
    }
  }

  /** from lists tuples whose user is key. */
  from(key: string): T[] {
    return this.out.get(key) ?? [];
  }

  /** into lists tuples whose object is key. */
  into(key: string): T[] {
    return this.in.get(key) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
