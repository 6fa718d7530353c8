/**
 * One Partnergraph service in a process of its own, for the bench: it is configured from its
 * environment as `npm start` would be, listens on a loopback port, and answers the bench's requests
 * for a CPU profile, its decision-cache counters and a clean stop. A service in the bench's own
 * process would count the bench's (and the other service's) pauses as its latency.
 */
// First of all, as in src/main.ts: with OTEL_EXPORTER_OTLP_ENDPOINT set, tracing must patch node:http before express loads it.
import '../src/observability/start-tracing';
import type { AddressInfo } from 'node:net';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { isStreamedRequest } from '../src/app';
import { closeNow, listen } from '../src/http/listen';
import { createService, type ServiceConfig } from '../src/service';
import { serve } from './child';

/** ServiceRequest is what the bench can ask of a service process. */
export type ServiceRequest = 'profile-start' | 'profile-stop' | 'loop-start' | 'loop-stop' | 'cpu-start' | 'cpu-stop' | 'cache-stats' | 'rss' | 'stop';

/** LoopDelay is how late this process's event loop ran its timers while it was watched, in ms. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** ServiceReady is what a service process announces once it listens. */
export interface ServiceReady {
  url: string;
  storeId: string;
}

async function main(): Promise<void> {
  const config = loadConfig() as ServiceConfig;
  const service = await createService(config, pino({ level: 'silent' }));
  // As main.ts serves it, so a bulk import may upload for as long as its file takes.
  const server = await listen(service.app, 0, '127.0.0.1', { headersMs: config.HTTP_HEADERS_TIMEOUT_MS, receiveMs: config.HTTP_RECEIVE_TIMEOUT_MS, keepAliveMs: 60_000, unbounded: isStreamedRequest });
  const session = new Session();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  let cpu = process.cpuUsage();
  const handle = async (request: ServiceRequest): Promise<unknown> => {
    switch (request) {
      case 'profile-start':
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 200 });
        await session.post('Profiler.start');
        return null;
      case 'profile-stop': {
        const { profile } = await session.post('Profiler.stop');
        session.disconnect();
        return profile;
      }
      case 'loop-start':
        loop.reset();
        loop.enable();
        return null;
      case 'loop-stop': {
        loop.disable();
        const ms = (ns: number) => Math.round(ns / 10_000) / 100;
        return { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) } satisfies LoopDelay;
      }
      case 'rss':
        return Math.round(process.memoryUsage().rss / 2 ** 20);
      case 'cpu-start':
        cpu = process.cpuUsage();
        return null;
      case 'cpu-stop': {
        // CPU time (user and system, every thread) this process spent since cpu-start, in µs.
        const used = process.cpuUsage(cpu);
        return used.user + used.system;
      }
      case 'cache-stats':
        return service.decisionCache?.stats() ?? null;
      case 'stop':
        await closeNow(server);
        await service.stop();
        setImmediate(() => process.exit(0));
        return null;
    }
  };
  serve<ServiceRequest>({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, storeId: service.engine.currentStoreId! } satisfies ServiceReady, handle);
}

main().catch((err) => {
  process.stderr.write(`bench service failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
