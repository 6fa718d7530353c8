/**
 * The house's rules, checked on every run so that a change breaking them fails the build: arrows
 * point one way (http -> domain <- storage), unit tests need nothing but Node, and a long file
 * says at its top why it is long.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const src = path.join(root, 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** importsOf lists what a file imports: relative imports resolved to a path under the project, packages by name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\s)(?:import|export)\b[^'"]*?from\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|\brequire\(\s*'([^']+)'\s*\)/gm)].map((m) => m[1] ?? m[2] ?? m[3]);
  return specifiers.map((s) => (s.startsWith('.') ? path.relative(root, path.resolve(path.dirname(file), s)) : s));
}

/** offenders lists `file -> import` for every import of a file under `from` that lands under one of `banned`. */
function offenders(from: string, banned: string[]): string[] {
  return filesUnder(path.join(root, from)).flatMap((file) =>
    importsOf(file)
      .filter((target) => banned.some((b) => target === b || target.startsWith(`${b}/`)))
      .map((target) => `${path.relative(root, file)} -> ${target}`),
  );
}

describe('the direction of dependencies', () => {
  it('keeps the domain free of adapters, surfaces and the local stack', () => {
    expect(offenders('src/domain', ['src/storage', 'src/http', 'src/stack', 'src/cli', 'src/service', 'src/app', 'src/main', 'src/observability', 'neo4j-driver', 'express', 'prom-client', '@opentelemetry'])).toEqual([]);
  });

  it('keeps the storage adapters free of the HTTP surfaces, and of Prometheus (they take hooks service.ts wires)', () => {
    expect(offenders('src/storage', ['src/http', 'src/cli', 'src/service', 'src/app', 'src/main', 'express', 'prom-client'])).toEqual([]);
  });

  it('keeps the HTTP surfaces free of the storage adapters and the local stack', () => {
    expect(offenders('src/http', ['src/storage', 'src/stack', 'neo4j-driver', 'prom-client'])).toEqual([]);
  });

  it('keeps each HTTP surface free of the others and of the adapters; the shared parts of http/ import none but surfaces.ts, which lists them', () => {
    const http = path.join(root, 'src/http');
    // A surface is a folder of src/http with its own table of operations (jwt/ is token handling, not a door).
    const surfaces = readdirSync(http).filter((name) => statSync(path.join(http, name)).isDirectory() && name !== 'jwt').map((name) => `src/http/${name}`);
    expect(surfaces).toEqual(expect.arrayContaining(['src/http/v1', 'src/http/authzen']));
    for (const surface of surfaces) expect(offenders(surface, [...surfaces.filter((s) => s !== surface), 'src/storage', 'src/service', 'src/app'])).toEqual([]);
    const shared = readdirSync(http).filter((name) => name.endsWith('.ts') && name !== 'surfaces.ts').map((name) => path.join(http, name));
    const reaching = shared.flatMap((file) => importsOf(file).filter((t) => surfaces.some((s) => t.startsWith(`${s}/`))).map((t) => `${path.relative(root, file)} -> ${t}`));
    expect(reaching).toEqual([]);
  });

  it('keeps observability a leaf that storage and http may use: it imports nothing of the service but its config', () => {
    expect(offenders('src/observability', ['src/domain', 'src/storage', 'src/http', 'src/stack', 'src/cli', 'src/service', 'src/app', 'src/main', 'express', 'neo4j-driver'])).toEqual([]);
  });

  it('lets unit tests use nothing that needs Java, Go, Neo4j or OpenFGA', () => {
    const banned = ['src/stack', 'src/storage/neo4j', 'src/storage/openfga', 'src/service', 'test/fixtures/harness', 'test/fixtures/private-stack', 'neo4j-driver'];
    expect(offenders('test/unit', banned)).toEqual([]);
    expect(offenders('test/contract', banned)).toEqual([]);
    expect(offenders('test/fixtures/memory', banned)).toEqual([]);
  });
});

describe('tests', () => {
  it('await a minted token before putting it in a header (signToken is async; `Bearer ${promise}` compiles and sends [object Promise])', () => {
    const unawaited = ['test/integration', 'test/unit', 'test/fixtures', 'bench', 'scripts'].flatMap((dir) =>
      filesUnder(path.join(root, dir)).flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${path.relative(root, file)}:${i + 1}` }))
          .filter(({ line }) => /\$\{(?!\s*await\b)[^}]*\b(signToken|token|admin|mint)\(/.test(line) || /=\s*signToken\(/.test(line))
          .map(({ at }) => at),
      ),
    );
    expect(unawaited).toEqual([]);
  });
});

describe('the size of files', () => {
  it('keeps every source file under 250 lines, or says at its top why it is longer', () => {
    const long = filesUnder(src)
      .map((file) => ({ file: path.relative(root, file), text: readFileSync(file, 'utf8') }))
      .filter(({ text }) => text.replace(/\n$/, '').split('\n').length > 250)
      // The reason belongs in the file's opening comment, where a reader starts.
      .filter(({ text }) => !/Longer than 250 lines because/.test(text.split('\n').slice(0, 20).join('\n')))
      .map(({ file }) => file);
    expect(long).toEqual([]);
  });
});
