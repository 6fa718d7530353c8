/**
 * `npm run import -- FILE` and `npm run export -- FILE [--revision N] [--history]`: the bulk API
 * for operators, against a running service (PARTNERGRAPH_URL, default http://127.0.0.1:3000) with
 * a token in PARTNERGRAPH_TOKEN (`npm run -s token -- --sub ops --scope write`), never on the
 * command line. Both stream the file, so any size takes constant memory, and print a progress
 * line (tuples done, rate, time left) to stderr.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { Progress } from './progress';

const USAGE = 'usage: npm run import -- FILE\n       npm run export -- FILE [--revision N] [--history]\n' +
  '  env: PARTNERGRAPH_TOKEN (write scope to import, read to export), PARTNERGRAPH_URL (default http://127.0.0.1:3000)';

/** Failure is a mistake by the operator: printed with the usage, exit 2. */
class Failure extends Error {}

interface Target {
  url: string;
  token: string;
}

function target(env: NodeJS.ProcessEnv): Target {
  const token = env.PARTNERGRAPH_TOKEN;
  if (!token) throw new Failure('set PARTNERGRAPH_TOKEN to a token with the write (import) or read (export) scope');
  return { url: (env.PARTNERGRAPH_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, ''), token };
}

/** importFile streams file to POST /v1/tuples/import, counting lines as they go, and prints the answer. */
async function importFile(file: string, t: Target): Promise<void> {
  const bytes = statSync(file).size;
  const progress = new Progress('import', bytes);
  async function* body(): AsyncIterable<Uint8Array> {
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
      progress.add(countLines(chunk), chunk.length);
      yield chunk;
    }
    progress.uploaded();
  }
  const res = await fetch(`${t.url}/v1/tuples/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/x-ndjson' },
    body: body() as unknown as RequestInit['body'],
    duplex: 'half',
  } as RequestInit);
  const answer = await res.text();
  progress.done();
  if (!res.ok) throw new Error(`the service refused the import (${res.status}): ${answer}`);
  const r = JSON.parse(answer) as { revision: string; written: number; skipped: number; pending?: boolean };
  process.stdout.write(`${JSON.stringify(r)}\n`);
  if (r.pending) process.stderr.write(`[import] written at revision ${r.revision}; OpenFGA has not applied all of it yet and will (reads with consistency.atLeast ${r.revision} wait for it)\n`);
}

/** exportFile streams GET /v1/tuples/export into file. */
async function exportFile(file: string, t: Target, query: URLSearchParams): Promise<void> {
  const res = await fetch(`${t.url}/v1/tuples/export?${query}`, { headers: { authorization: `Bearer ${t.token}` } });
  if (!res.ok || !res.body) throw new Error(`the service refused the export (${res.status}): ${await res.text()}`);
  const progress = new Progress('export');
  const out = createWriteStream(file);
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    progress.add(countLines(chunk), chunk.length);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  progress.done();
  process.stdout.write(`${JSON.stringify({ revision: res.headers.get('partnergraph-revision'), tuples: progress.lines, file })}\n`);
}

function countLines(chunk: Uint8Array): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

/** main reads `import FILE` or `export FILE [--revision N] [--history]`. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const [command, file, ...rest] = argv;
  if ((command !== 'import' && command !== 'export') || !file || file.startsWith('--')) throw new Failure('name the file');
  const t = target(env);
  if (command === 'import') {
    if (rest.length) throw new Failure(`unexpected argument ${JSON.stringify(rest[0])}`);
    return importFile(file, t);
  }
  const query = new URLSearchParams();
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--history') query.set('history', 'true');
    else if (rest[i] === '--revision' && /^\d+$/.test(rest[i + 1] ?? '')) query.set('revision', rest[++i]);
    else throw new Failure(`unexpected argument ${JSON.stringify(rest[i])}`);
  }
  return exportFile(file, t, query);
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${err instanceof Failure ? `${USAGE}\n` : ''}`);
    process.exit(err instanceof Failure ? 2 : 1);
  });
}
