/** Routes that answer permission questions (check scope). */
import { Router } from 'express';
import type { CheckAccessQuery } from '../../domain/check-access';
import { requireScope } from '../auth';
import * as S from '../v1/schemas';
import { parse } from '../validate';

export function checkRoutes(uc: { checkAccess: CheckAccessQuery }): Router {
  const r = Router();
  r.post('/check', requireScope('check'), async (req, res) => {
    const body = parse(S.CheckBody, req.body, 'body');
    res.json(await uc.checkAccess.execute(body));
  });
  return r;
}
