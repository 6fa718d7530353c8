/** Routes for auditors: why someone has access, what a change would do, what changed (audit scope). */
import { Router } from 'express';
import type { ExplainAccessQuery } from '../../domain/explain-access';
import type { ReadChangesQuery } from '../../domain/read-changes';
import type { WhatIfQuery } from '../../domain/what-if';
import { requireScope } from '../auth';
import * as S from '../v1/schemas-audit';
import { parse } from '../validate';

export function auditRoutes(uc: { explainAccess: ExplainAccessQuery; whatIf: WhatIfQuery; readChanges: ReadChangesQuery }): Router {
  const r = Router();
  r.post('/access-paths', requireScope('audit'), async (req, res) => {
    res.json(await uc.explainAccess.execute(parse(S.AccessPathsBody, req.body, 'body')));
  });
  r.post('/what-if', requireScope('audit'), async (req, res) => {
    res.json(await uc.whatIf.execute(parse(S.WhatIfBody, req.body, 'body')));
  });
  r.get('/changes', requireScope('audit'), async (req, res) => {
    const page = await uc.readChanges.execute(parse(S.ReadChangesQuery, req.query, 'query'));
    res.json({ changes: page.changes, cursor: page.cursor ?? null });
  });
  return r;
}
