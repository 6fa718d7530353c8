/**
 * The /v1 API: one router per resource, each thin (validate, authorize, call the use case, set
 * the status). Add a resource by adding its file and one line here.
 */
import { Router } from 'express';
import type { CheckAccessQuery } from '../../domain/check-access';
import type { ReadTuplesQuery } from '../../domain/read-tuples';
import type { WriteTuplesCommand } from '../../domain/write-tuples';
import { checkRoutes } from './check';
import { tuplesRoutes } from './tuples';

/** UseCases are what the routes call; service.ts wires them. */
export interface UseCases {
  writeTuples: WriteTuplesCommand;
  readTuples: ReadTuplesQuery;
  checkAccess: CheckAccessQuery;
}

/** v1Routes builds the authenticated API router. */
export function v1Routes(uc: UseCases): Router {
  const r = Router();
  r.use(tuplesRoutes(uc));
  r.use(checkRoutes(uc));
  return r;
}
