/**
 * Starts tracing before anything else is loaded: main.ts (and bench/service-process.ts) import
 * this module first, because the HTTP instrumentation has to patch node:http before express and
 * the server are loaded. With OTEL_EXPORTER_OTLP_ENDPOINT unset it does nothing and loads none of
 * the SDK. With it set, spans go by OTLP/HTTP (JSON) to `<endpoint>/v1/traces`, as service
 * `partnergraph` (OTEL_SERVICE_NAME overrides), with the SDK's other OTEL_* settings (sampler,
 * batch sizes, headers) read from the environment as usual.
 */
import type { IncomingMessage } from 'node:http';
import { loadConfig } from '../config';
import { enableTracing, markedRoute } from './tracing';

/** UNTRACED are the probes and the scrape: asked every few seconds, each would be a trace of its own. */
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);

let sdk: { shutdown(): Promise<void> } | undefined;

/** startTracing registers the SDK and the HTTP instrumentation once, when endpoint is given; true when tracing is on. */
export function startTracing(endpoint: string | undefined): boolean {
  if (sdk || !endpoint) return sdk !== undefined;
  // Loaded here rather than imported at the top: a service without an endpoint never loads them.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const started = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ? undefined : 'partnergraph',
    // It reads OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT, _HEADERS) itself, as every OpenTelemetry SDK does.
    traceExporter: new OTLPTraceExporter(),
    // Traces only: the metrics are Prometheus's (GET /metrics), and the logs are pino's on stdout.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        // The one outgoing HTTP is to OpenFGA, and storage/openfga/http-client.ts makes that span itself, named by the call.
        disableOutgoingRequestInstrumentation: true,
        ignoreIncomingRequestHook: (req) => UNTRACED.has((req.url ?? '').split('?', 1)[0]),
        applyCustomAttributesOnSpan: (span, req) => {
          const route = markedRoute(req);
          if (!route) return;
          span.updateName(`${(req as IncomingMessage).method} ${route}`);
          span.setAttribute('http.route', route);
        },
      }),
    ],
  });
  started.start();
  sdk = started;
  enableTracing();
  return true;
}

/** stopTracing sends the spans still buffered and stops the SDK; call it before the process exits. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown().catch(() => undefined);
}

/** endpointFromEnv is the configured OTLP endpoint; a configuration main.ts will refuse anyway starts nothing here. */
function endpointFromEnv(): string | undefined {
  try {
    return loadConfig().OTEL_EXPORTER_OTLP_ENDPOINT;
  } catch {
    return undefined;
  }
}

startTracing(endpointFromEnv());
