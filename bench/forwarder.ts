/**
 * The floor of any service between an app and OpenFGA, for the bench: a process that only passes
 * each request's body on to OpenFGA's check (plain `node:http`, a keep-alive agent, as the service
 * calls it) and the answer back. No routing, token, validation, logging or metrics: what the second
 * hop alone costs, so the service's own share of its overhead can be told from the hop's.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from './child';

async function main(): Promise<void> {
  const target = new URL(process.env.FORWARD_TO!);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const call = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' }).end(Buffer.concat(parts)));
        },
      );
      call.on('error', () => res.writeHead(502).end());
      call.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serve<'stop'>({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, async () => {
    setImmediate(() => process.exit(0));
    return null;
  });
}

main().catch((err) => {
  process.stderr.write(`bench forwarder failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
