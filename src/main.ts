/**
 * Entry point: read config (exit 2 naming every bad key), bring up the local stack in development
 * when no Neo4j and OpenFGA are given, connect, listen, and on SIGTERM drain and exit 0.
 */
// First of all: tracing's HTTP instrumentation must be in place before express and the server load node:http.
import { stopTracing } from './observability/start-tracing';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { authKeysSet, ConfigError, loadConfig, type Config } from './config';
import { signToken } from './http/auth';
import { drainServer } from './http/drain';
import { listen } from './http/listen';
import { isStreamedRequest } from './app';
import { createService, type ServiceConfig } from './service';
import { ensureInstalled, projectRoot, startStack, type Stack } from './stack';

/** devSecret keeps one random secret per data dir, so dev tokens survive restarts. */
function devSecret(dataDir: string): string {
  const file = path.join(dataDir, 'dev-jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** configOrExit parses the environment, or ends the process with status 2 naming every bad key (never a value). */
function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  let config = configOrExit();
  const logger = pino({ level: config.LOG_LEVEL, redact: ['req.headers.authorization'] });
  const dataDir = path.resolve(projectRoot, config.DATA_DIR);
  // Only development gets here without both stores or a key: config refuses that anywhere else.
  let stack: Stack | undefined;
  if (!config.NEO4J_URI || !config.OPENFGA_API_URL) {
    const say = (line: string) => process.stdout.write(`${line}\n`);
    say('[start] NEO4J_URI and OPENFGA_API_URL are not both set: running the local stack (development only)');
    await ensureInstalled(say);
    stack = await startStack({ dataDir, datastore: config.OPENFGA_DATASTORE, log: say });
    config = { ...config, NEO4J_URI: stack.neo4j.uri, OPENFGA_API_URL: stack.openfga.apiUrl };
  }
  let devToken: string | undefined;
  if (authKeysSet(config).length === 0) {
    config = { ...config, AUTH_JWT_SECRET: devSecret(dataDir) };
    devToken = await signToken(config.AUTH_JWT_SECRET!, { sub: 'dev-admin', scope: 'admin' }, 12 * 3600);
  }
  const service = await createService(config as ServiceConfig, logger);
  const server = await listen(service.app, config.PORT, '0.0.0.0', {
    headersMs: config.HTTP_HEADERS_TIMEOUT_MS,
    receiveMs: config.HTTP_RECEIVE_TIMEOUT_MS,
    keepAliveMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    unbounded: isStreamedRequest,
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  logger.info({ port, openfgaStore: service.engine.currentStoreId }, 'partnergraph listening');
  if (devToken) {
    process.stdout.write(
      `\nPartnergraph is listening on ${base}\n` +
        `A development token (admin scope, 12 h; set AUTH_JWT_SECRET to use your own):\n\n  export TOKEN=${devToken}\n\n` +
        `Try:\n  curl -s -X POST ${base}/v1/tuples -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\\n` +
        `    -d '{"writes":[{"user":"user:anna","relation":"owner","object":"organization:annas-firma"}]}'\n` +
        `  curl -s -X POST ${base}/v1/check -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\\n` +
        `    -d '{"user":"user:anna","relation":"can_manage","object":"organization:annas-firma"}'\n\n` +
        `The console (signs in with this token, then drops it from the address bar):\n  ${base}/console#token=${devToken}\n\n` +
        `Metrics (Prometheus): ${base}/metrics${stack ? `; OpenFGA's own: ${stack.openfga.metricsUrl}` : ''}\n\n`,
    );
  }
  let stopping = false;
  // SIGTERM (an orchestrator) drains; SIGINT (Ctrl-C at a terminal) skips the wait for a load balancer.
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.info({ signal }, 'shutting down: /readyz answers 503, the relay lease goes to another replica');
    await service.beginShutdown().catch((err: unknown) => logger.warn({ err }, 'could not give the relay lease back; it expires by itself'));
    if (signal === 'SIGTERM') await sleep(config.SHUTDOWN_DRAIN_MS);
    const { forced } = await drainServer(server, Math.max(0, config.SHUTDOWN_GRACE_MS - (Date.now() - started)));
    if (forced > 0) logger.warn({ forced }, 'closed connections still open at the end of SHUTDOWN_GRACE_MS');
    await service.stop();
    await stack?.stop();
    await stopTracing();
    logger.info({ ms: Date.now() - started }, 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`partnergraph failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
