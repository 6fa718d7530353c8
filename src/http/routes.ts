/**
 * The /v1 routes: validate, authorize, call the use case, set the status. Nothing else.
 */
import { Router, type Request } from 'express';
import type { CheckAccessQuery } from '../domain/check-access';
import type { ReadTuplesQuery } from '../domain/read-tuples';
import type { WriteTuplesCommand } from '../domain/write-tuples';
import { requireScope } from './auth';
import * as S from './schemas';
import { parse } from './validate';

/** UseCases are what the routes call. */
export interface UseCases {
  writeTuples: WriteTuplesCommand;
  readTuples: ReadTuplesQuery;
  checkAccess: CheckAccessQuery;
}

const actor = (req: Request) => req.caller?.sub ?? 'anonymous';

/** v1Routes builds the authenticated API router. */
export function v1Routes(uc: UseCases): Router {
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

  r.post('/check', requireScope('check'), async (req, res) => {
    const body = parse(S.CheckBody, req.body, 'body');
    res.json(await uc.checkAccess.execute(body));
  });

  return r;
}
