/** Routes for users, organizations and resellers: PUT/DELETE (write scope), GET and list (read scope). */
import { Router } from 'express';
import type { z } from 'zod';
import type { DeleteEntityCommand } from '../../domain/delete-entity';
import type { EntityType } from '../../domain/entity';
import type { GetEntityQuery } from '../../domain/get-entity';
import type { ListEntitiesQuery } from '../../domain/list-entities';
import type { PutEntityCommand } from '../../domain/put-entity';
import { actor, requireScope } from '../auth';
import * as P from '../v1/schemas-partner';
import { parse } from '../validate';

/** ENTITY_RESOURCES maps each collection path to its type and the attributes its PUT takes. */
export const ENTITY_RESOURCES: ReadonlyArray<{ path: string; type: EntityType; body: z.ZodType<{ name?: string; email?: string; commission?: z.infer<typeof P.CommissionPlan> }> }> = [
  { path: 'users', type: 'user', body: P.PutUserBody },
  { path: 'organizations', type: 'organization', body: P.PutOrganizationBody },
  { path: 'resellers', type: 'reseller', body: P.PutResellerBody },
];

export function entitiesRoutes(uc: { putEntity: PutEntityCommand; getEntity: GetEntityQuery; listEntities: ListEntitiesQuery; deleteEntity: DeleteEntityCommand }): Router {
  const r = Router();
  for (const { path, type, body: schema } of ENTITY_RESOURCES) {
    r.put(`/${path}/:id`, requireScope('write'), async (req, res) => {
      const { id } = parse(P.EntityParams, req.params, 'params');
      const body = parse(schema, req.body, 'body');
      const { entity, created } = await uc.putEntity.execute({ type, id, ...body, actor: actor(req), requestId: req.id });
      res.status(created ? 201 : 200).json(entity);
    });
    r.get(`/${path}/:id`, requireScope('read'), async (req, res) => {
      const { id } = parse(P.EntityParams, req.params, 'params');
      res.json(await uc.getEntity.execute(type, id));
    });
    r.delete(`/${path}/:id`, requireScope('write'), async (req, res) => {
      const { id } = parse(P.EntityParams, req.params, 'params');
      const result = await uc.deleteEntity.execute({ type, id, actor: actor(req), requestId: req.id });
      res.status(result.pending ? 202 : 200).json({ type, id, deleted: true, revision: result.revision, tuplesDeleted: result.tuplesDeleted, ...(result.pending ? { pending: true } : {}) });
    });
    r.get(`/${path}`, requireScope('read'), async (req, res) => {
      const q = parse(P.ListEntitiesQuery, req.query, 'query');
      const page = await uc.listEntities.execute(type, q.limit, q.cursor);
      res.json({ [path]: page.items, cursor: page.cursor ?? null });
    });
  }
  return r;
}
