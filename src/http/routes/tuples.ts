/** Routes for relationship tuples: write/delete (write scope) and list (read scope). */
import { Router } from 'express';
import type { ReadTuplesQuery } from '../../domain/read-tuples';
import type { WriteTuplesCommand } from '../../domain/write-tuples';
import { actor, requireScope } from '../auth';
import * as S from '../v1/schemas';
import { parse } from '../validate';

export function tuplesRoutes(uc: { writeTuples: WriteTuplesCommand; readTuples: ReadTuplesQuery }): Router {
  const r = Router();
  r.post('/tuples', requireScope('write'), async (req, res) => {
    const body = parse(S.WriteTuplesBody, req.body, 'body');
    const result = await uc.writeTuples.execute({ ...body, actor: actor(req), requestId: req.id });
    if (result.pending) res.status(202).json({ revision: result.revision, pending: true });
    else res.status(200).json({ revision: result.revision });
  });
  r.get('/tuples', requireScope('read'), async (req, res) => {
    const q = parse(S.ReadTuplesQuery, req.query, 'query');
    const page = await uc.readTuples.execute({ user: q.user, relation: q.relation, object: q.object }, q.limit, q.cursor);
    res.json({ tuples: page.items, cursor: page.cursor ?? null });
  });
  return r;
}
