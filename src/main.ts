/**
 * Entry point: read config, bring up the local stack when no Neo4j and OpenFGA are given,
 * connect, listen. Prints how to call the service; nothing else lives here.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { ConfigError, loadConfig, type Config } from './config';
import { signToken } from './http/auth';
import { listen } from './http/listen';
import { createService } from './service';
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

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = pino({ level: config.LOG_LEVEL, redact: ['req.headers.authorization'] });
  const dataDir = path.resolve(projectRoot, config.DATA_DIR);
  let stack: Stack | undefined;
  if (!config.NEO4J_URI || !config.OPENFGA_API_URL) {
    const say = (line: string) => process.stdout.write(`${line}\n`);
    say('[start] NEO4J_URI and OPENFGA_API_URL are not both set: running the local stack');
    await ensureInstalled(say);
    stack = await startStack({ dataDir, datastore: config.OPENFGA_DATASTORE, log: say });
    config = { ...config, NEO4J_URI: stack.neo4j.uri, OPENFGA_API_URL: stack.openfga.apiUrl };
  }
  let devToken: string | undefined;
  if (!config.AUTH_JWT_SECRET && !config.AUTH_JWT_PUBLIC_KEY) {
    config = { ...config, AUTH_JWT_SECRET: devSecret(dataDir) };
    devToken = signToken(config.AUTH_JWT_SECRET!, { sub: 'dev-admin', scope: 'admin' }, 12 * 3600);
  }
  const service = await createService(config as Config & { NEO4J_URI: string; OPENFGA_API_URL: string }, logger);
  const server = await listen(service.app, config.PORT, '0.0.0.0');
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
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
        `    -d '{"user":"user:anna","relation":"can_manage","object":"organization:annas-firma"}'\n\n`,
    );
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await new Promise((resolve) => server.close(resolve));
    await service.stop();
    await stack?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`partnergraph failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
