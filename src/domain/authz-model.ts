/**
 * The authorization model as the service understands it: parsed once from authz-model.fga with
 * OpenFGA's own syntax transformer, so the file stays the single source of each relation's
 * meaning. It answers what may be written and what may be asked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { transformer } from '@openfga/syntax-transformer';
import { InvalidInputError } from './errors';
import { parseRef, type Tuple } from './tuple';

/** ModelJson is the model in OpenFGA's JSON form, as written to a store. */
export interface ModelJson {
  schema_version: string;
  type_definitions: Array<{
    type: string;
    relations?: Record<string, unknown>;
    metadata?: { relations?: Record<string, { directly_related_user_types?: Array<{ type: string; relation?: string; wildcard?: unknown }> }> } | null;
  }>;
  conditions?: Record<string, unknown>;
}

/** MODEL_PATH is where the model lives in the repository. */
export const MODEL_PATH = path.resolve(__dirname, '../../authz-model.fga');

/** AuthzModel validates tuples and questions against the model's types and relations. */
export class AuthzModel {
  /** type -> relation -> user types that may be written directly (empty: computed only). */
  private readonly relations = new Map<string, Map<string, string[]>>();

  constructor(readonly json: ModelJson) {
    for (const def of json.type_definitions) {
      const rels = new Map<string, string[]>();
      for (const name of Object.keys(def.relations ?? {})) {
        const direct = def.metadata?.relations?.[name]?.directly_related_user_types ?? [];
        rels.set(name, direct.filter((d) => !d.relation && !d.wildcard).map((d) => d.type));
      }
      this.relations.set(def.type, rels);
    }
  }

  /** fromDsl parses model text in OpenFGA's DSL. */
  static fromDsl(dsl: string): AuthzModel {
    return new AuthzModel(transformer.transformDSLToJSONObject(dsl) as unknown as ModelJson);
  }

  /** load reads authz-model.fga from the repository. */
  static load(file = MODEL_PATH): AuthzModel {
    return AuthzModel.fromDsl(readFileSync(file, 'utf8'));
  }

  get types(): string[] {
    return [...this.relations.keys()];
  }

  /** relationsOf lists every relation of a type, or throws naming the known types. */
  relationsOf(type: string): string[] {
    return [...this.typeRelations(type).keys()];
  }

  /** writableRelations lists the relations of a type that take directly written users. */
  writableRelations(type: string): string[] {
    return [...this.typeRelations(type)].filter(([, direct]) => direct.length > 0).map(([name]) => name);
  }

  /** validateType throws unless type is declared in the model. */
  validateType(type: string, field = 'type'): void {
    this.typeRelations(type, field);
  }

  /** validateWrite throws a 400 naming what is allowed unless the model lets this tuple be written. */
  validateWrite(t: Tuple): void {
    const object = parseRef(t.object, 'object');
    const user = parseRef(t.user, 'user');
    const rels = this.typeRelations(object.type, 'object');
    this.validateType(user.type, 'user');
    const direct = rels.get(t.relation);
    if (!direct || direct.length === 0) {
      throw new InvalidInputError(
        `relation ${JSON.stringify(t.relation)} cannot be written on ${object.type}; writable relations: ${this.writableRelations(object.type).join(', ')}`,
        'unknown_relation',
      );
    }
    if (!direct.includes(user.type)) {
      throw new InvalidInputError(
        `${object.type}#${t.relation} takes users of type ${direct.join(' or ')}, not ${user.type}`,
        'user_type_not_allowed',
      );
    }
  }

  /** validateQuestion throws a 400 unless `relation` exists on the object's type and the user's type is known. */
  validateQuestion(t: Tuple): void {
    const object = parseRef(t.object, 'object');
    this.validateType(object.type, 'object');
    this.validateRelation(object.type, t.relation);
    this.validateType(parseRef(t.user, 'user').type, 'user');
  }

  /** validateRelation throws a 400 unless type declares relation. */
  validateRelation(type: string, relation: string): void {
    if (!this.typeRelations(type).has(relation)) {
      throw new InvalidInputError(
        `relation ${JSON.stringify(relation)} is not defined on ${type}; relations: ${this.relationsOf(type).join(', ')}`,
        'unknown_relation',
      );
    }
  }

  private typeRelations(type: string, field = 'type'): Map<string, string[]> {
    const rels = this.relations.get(type);
    if (!rels) {
      throw new InvalidInputError(
        `${field} has unknown type ${JSON.stringify(type)}; types: ${this.types.join(', ')}`,
        'unknown_type',
      );
    }
    return rels;
  }
}
