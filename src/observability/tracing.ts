/**
 * The spans the service makes itself, over the OpenTelemetry API: one per Neo4j transaction and
 * one per OpenFGA call, under the request span that the HTTP instrumentation opened (see
 * start-tracing.ts), and the route pattern a request matched, which names that request span.
 * Everything here costs a flag test and nothing more while tracing is off.
 */
import { context, createContextKey, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';

/** TraceContext is where a piece of work belongs in a trace, carried from where it was asked to where it is done. */
export type TraceContext = Context;

const tracer = trace.getTracer('partnergraph');
let enabled = false;

/** enableTracing is called once by start-tracing.ts, after the SDK is registered. */
export function enableTracing(): void {
  enabled = true;
}

/** tracingEnabled tells whether spans are made and exported (OTEL_EXPORTER_OTLP_ENDPOINT was set at start). */
export function tracingEnabled(): boolean {
  return enabled;
}

/** currentContext is the context of the work running now, to hand to work done later on its behalf; undefined while tracing is off. */
export function currentContext(): TraceContext | undefined {
  return enabled ? context.active() : undefined;
}

const LINKS = createContextKey('partnergraph.links');

/**
 * sharedContext is the context of work done once for several callers (one OpenFGA BatchCheck for
 * the checks of many requests): the first caller's, so the work's span lands in that caller's
 * trace, carrying links to the spans of the other callers, so their traces can find it.
 */
export function sharedContext(callers: ReadonlyArray<TraceContext | undefined>): TraceContext | undefined {
  if (!enabled || callers.length === 0) return undefined;
  const first = callers[0] ?? ROOT_CONTEXT;
  const own = trace.getSpanContext(first);
  const links: Link[] = [];
  const seen = new Set<string>(own ? [own.spanId] : []);
  for (const c of callers) {
    const sc = c && trace.getSpanContext(c);
    if (!sc || seen.has(sc.spanId)) continue;
    seen.add(sc.spanId);
    links.push({ context: sc });
  }
  return links.length ? first.setValue(LINKS, links) : first;
}

/** runIn runs fn in ctx; while tracing is on, work without a context runs in none rather than in whatever context happens to be current. */
export function runIn<T>(ctx: TraceContext | undefined, fn: () => T): T {
  if (!enabled) return fn();
  return context.with(ctx ?? ROOT_CONTEXT, fn);
}

/** ChildSpan is a span of the service's own, with the little the adapters do with it. */
export interface ChildSpan {
  set(key: string, value: string | number | boolean): void;
  rename(name: string): void;
  /** propagate writes traceparent (and tracestate) for this span into outgoing request headers. */
  propagate(headers: Record<string, string | number | string[]>): void;
  /** end closes the span, marked as failed when error is given. */
  end(error?: unknown): void;
}

/**
 * childSpan starts a client span under the active span, or gives undefined when there is nothing
 * to hang it under: tracing off, a request left untraced (probes, /metrics), or background work
 * nobody asked for (the relay's idle rounds), which would otherwise make a trace every few ms.
 */
export function childSpan(name: string, attributes: Attributes): ChildSpan | undefined {
  if (!enabled) return undefined;
  const parent = context.active();
  if (!trace.getSpan(parent)?.isRecording()) return undefined;
  const links = parent.getValue(LINKS) as Link[] | undefined;
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes, links }, parent);
  return wrap(span);
}

function wrap(span: Span): ChildSpan {
  return {
    set: (key, value) => void span.setAttribute(key, value),
    rename: (name) => void span.updateName(name),
    propagate: (headers) => propagation.inject(trace.setSpan(context.active(), span), headers),
    end: (error) => {
      if (error !== undefined) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      }
      span.end();
    },
  };
}

/** ROUTE is where a request keeps the route pattern it matched, for its metrics label and its span's name. */
const ROUTE = Symbol.for('partnergraph.route');

/** markRoute records the route pattern (`/v1/users/:id`, never the raw path) req is served by. */
export function markRoute(req: object, pattern: string): void {
  (req as { [ROUTE]?: string })[ROUTE] = pattern;
}

/** markedRoute is the pattern markRoute recorded for req, if any. */
export function markedRoute(req: object): string | undefined {
  return (req as { [ROUTE]?: string })[ROUTE];
}
