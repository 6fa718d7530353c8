/** Routes for apps asking many questions at once or for whole lists (check scope). */
import { Router } from 'express';
import type { CheckBatchQuery } from '../../domain/check-batch';
import type { ListObjectsQuery } from '../../domain/list-objects';
import type { ListUsersQuery } from '../../domain/list-users';
import { requireScope } from '../auth';
import * as S from '../v1/schemas-audit';
import { parse } from '../validate';

export function listsRoutes(uc: { checkBatch: CheckBatchQuery; listObjects: ListObjectsQuery; listUsers: ListUsersQuery }): Router {
  const r = Router();
  r.post('/check/batch', requireScope('check'), async (req, res) => {
    res.json(await uc.checkBatch.execute(parse(S.CheckBatchBody, req.body, 'body')));
  });
  r.post('/list-objects', requireScope('check'), async (req, res) => {
    const body = parse(S.ListObjectsBody, req.body, 'body');
    const page = await uc.listObjects.execute({ ...body, cursor: body.cursor ?? undefined });
    res.json({ objects: page.items, cursor: page.cursor ?? null });
  });
  r.post('/list-users', requireScope('check'), async (req, res) => {
    const body = parse(S.ListUsersBody, req.body, 'body');
    const page = await uc.listUsers.execute({ ...body, cursor: body.cursor ?? undefined });
    res.json({ users: page.items, cursor: page.cursor ?? null });
  });
  return r;
}
