/**
 * The Dockerfile and docker-compose.yml cannot be run here (no Docker engine), so their shape is
 * checked instead: the services and how they depend on each other, health checks, ports, no source
 * mounts, and every variable the service is given is one src/config.ts reads, production's required
 * ones included.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_KEYS, loadConfig } from '../../src/config';

const root = path.resolve(__dirname, '../..');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
const services = compose.services;

describe('docker-compose.yml', () => {
  it('runs Neo4j, PostgreSQL, the OpenFGA migration, OpenFGA and the service built from the Dockerfile', () => {
    expect(Object.keys(services).sort()).toEqual(['neo4j', 'openfga', 'openfga-migrate', 'partnergraph', 'postgres']);
    expect(services['openfga-migrate'].command).toBe('migrate');
    expect(services.openfga.depends_on).toEqual({ 'openfga-migrate': { condition: 'service_completed_successfully' } });
    expect(services.partnergraph.build).toBe('.');
    expect(services.partnergraph.depends_on).toEqual({ neo4j: { condition: 'service_healthy' }, openfga: { condition: 'service_healthy' } });
    for (const name of ['neo4j', 'postgres', 'openfga', 'partnergraph']) expect(services[name].healthcheck).toBeDefined();
  });

  it('mounts no source: only named volumes for the stores', () => {
    const mounts = Object.values(services).flatMap((s) => s.volumes ?? []);
    expect(mounts.filter((m) => /^[./~]/.test(m))).toEqual([]);
  });

  it('gives the service only variables it reads, enough to boot in production, pointing at the other services', () => {
    const env = services.partnergraph.environment!;
    expect(Object.keys(env).filter((k) => !CONFIG_KEYS.includes(k))).toEqual([]);
    // Fill the ${...} the operator sets, as compose would, and boot the config as production does.
    const filled = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(/\$\{(\w+)[^}]*\}/g, (_m, name: string) => (name === 'AUTH_JWT_SECRET' ? 'x'.repeat(32) : 'set-by-operator'))]));
    const config = loadConfig(filled);
    expect(config.NODE_ENV).toBe('production');
    expect(config.NEO4J_URI).toBe('neo4j://neo4j:7687');
    expect(config.OPENFGA_API_URL).toBe('http://openfga:8080');
    expect(services.partnergraph.ports).toEqual([`${config.PORT}:${config.PORT}`]);
    expect(services.openfga.ports).toEqual(['8080:8080']);
  });

  it('runs OpenFGA and its migration on the PostgreSQL of the file', () => {
    for (const name of ['openfga', 'openfga-migrate']) {
      expect(services[name].environment?.OPENFGA_DATASTORE_ENGINE).toBe('postgres');
      expect(services[name].environment?.OPENFGA_DATASTORE_URI).toMatch(/^postgres:\/\/openfga:.*@postgres:5432\/openfga/);
      expect(services[name].image).toBe('openfga/openfga:v1.22.1');
    }
  });
});

describe('Dockerfile', () => {
  const lines = readFileSync(path.join(root, 'Dockerfile'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

  it('builds in one stage and runs on Node 24 from another, with only the runtime dependencies', () => {
    const stages = lines.filter((l) => l.startsWith('FROM '));
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const from of stages) expect(from).toMatch(/^FROM node:24-/);
    expect(lines).toContain('RUN npm ci --omit=dev --no-audit --no-fund');
    expect(lines).toContain('RUN npm run build');
  });

  it('runs node dist/main.js as a non-root user, with nothing of the source but the model and the Cypher', () => {
    expect(lines.filter((l) => l.startsWith('USER '))).toEqual(['USER node']);
    expect(lines[lines.length - 1]).toBe('CMD ["node", "dist/main.js"]');
    const lastStage = lines.slice(lines.map((l) => l.startsWith('FROM ')).lastIndexOf(true));
    expect(lastStage.filter((l) => l.startsWith('COPY ') && !l.startsWith('COPY --from'))).toEqual(['COPY package.json authz-model.fga ./', 'COPY cypher ./cypher']);
  });
});
