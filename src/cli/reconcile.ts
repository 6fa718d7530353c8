/**
 * `npm run reconcile`: compare the tuples live in Neo4j at the applied revision with OpenFGA once,
 * repair OpenFGA (Neo4j wins) and print what was missing, extra and repaired. For operators; the
 * service also does this at start, and a running service hands this command its relay lease.
 */
import pino from 'pino';
import { ConfigError, loadConfig } from '../config';
import { createService, type ServiceConfig } from '../service';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.NEO4J_URI || !config.OPENFGA_API_URL) {
    throw new ConfigError('set NEO4J_URI and OPENFGA_API_URL (`npm run stack` prints them for the local stack)');
  }
  const logger = pino({ level: 'warn' });
  const service = await createService({ ...config, AUTH_JWT_SECRET: config.AUTH_JWT_SECRET ?? 'reconcile-cli-does-not-serve-http' } as ServiceConfig, logger);
  try {
    process.stdout.write('[reconcile] comparing the tuples live in Neo4j at the applied revision with every tuple in OpenFGA (a running service hands over its relay lease for this)...\n');
    const report = await service.relay.reconcile();
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await service.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`reconcile failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
