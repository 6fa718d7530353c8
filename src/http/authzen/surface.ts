/** The AuthZEN surface: the OpenID AuthZEN Authorization API 1.0, for gateways and identity providers that speak it. */
import type { Surface } from '../surface';
import { authzenErrorBody } from './errors';
import { AUTHZEN_OPERATIONS } from './operations';
import { ErrorResponse } from './schemas';

/** AUTHZEN answers as /v1 does, with subject and resource types of the model and a relation as the action's name. */
export const AUTHZEN: Surface = {
  name: 'authzen',
  description:
    'The OpenID AuthZEN Authorization API 1.0 (https://openid.net/specs/authorization-api-1_0.html): subject and resource types are ' +
    "the model's types, an action's name is a relation. Every error is {\"error\": {\"status\", \"code\", \"message\"}}.",
  base: '/access/v1',
  operations: AUTHZEN_OPERATIONS,
  errorBody: authzenErrorBody,
  errorSchema: ErrorResponse,
};
