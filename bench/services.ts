/** Starting the bench's service processes, configured as `npm start` configures one, for every bench script. */
import path from 'node:path';
import type { Stack } from '../src/stack';
import { Child } from './child';
import type { ServiceReady, ServiceRequest } from './service-process';

/** SECRET signs the bench's tokens. */
export const SECRET = 'partnergraph-bench-secret-0123456789abcdef';

/** Running is one service process listening on a loopback port. */
export type Running = Child<ServiceRequest, ServiceReady>;

/**
 * startService starts a service process configured as `npm start` would be, with logging silent; env
 * adds to or overrides that; checkout is the tree whose service it is (run.ts --baseline), this one by default.
 */
export function startService(stack: Stack, cache: 'on' | 'off', env: Record<string, string> = {}, checkout = path.join(__dirname, '..')): Promise<Running> {
  return Child.start<ServiceRequest, ServiceReady>(path.join(checkout, 'bench', 'service-process.ts'), {
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    NEO4J_URI: stack.neo4j.uri,
    OPENFGA_API_URL: stack.openfga.apiUrl,
    AUTH_JWT_SECRET: SECRET,
    // The benchmark is one caller at up to thousands of requests per second: the per-caller limit would measure itself.
    RATE_LIMIT_PER_SECOND: '0',
    DECISION_CACHE: cache,
    WRITE_ACK_TIMEOUT_MS: '120000',
    NEO4J_TIMEOUT_MS: '120000',
    REQUEST_TIMEOUT_MS: '300000',
    OPENFGA_TIMEOUT_MS: '30000',
    ...env,
  });
}

