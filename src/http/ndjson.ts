/** Reading and writing NDJSON (one JSON value a line) as streams, for bulk import and export. */
import { ImportLineError } from '../domain/errors';

/**
 * ndjsonLines splits a body into its lines as it arrives (LF or CRLF), holding at most one line:
 * a line longer than maxBytes is refused naming its number, so a body without line breaks cannot
 * make the service buffer it whole.
 */
export async function* ndjsonLines(body: AsyncIterable<Buffer | string>, maxBytes: number): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let rest = '';
  let n = 0;
  for await (const chunk of body) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', start)) {
      n++;
      const line = rest.slice(start, rest.charCodeAt(nl - 1) === 13 && nl > start ? nl - 1 : nl);
      if (line.length > maxBytes) throw tooLong(n, maxBytes);
      yield line;
      start = nl + 1;
    }
    rest = rest.slice(start);
    if (rest.length > maxBytes) throw tooLong(n + 1, maxBytes);
  }
  rest += decoder.decode();
  if (rest.length) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

function tooLong(line: number, maxBytes: number): ImportLineError {
  return new ImportLineError(line, `longer than ${maxBytes} characters; each line must be one tuple`);
}

/** ndjsonText renders pages of values as NDJSON, one piece per page. */
export async function* ndjsonText<T>(pages: AsyncIterable<T[]>): AsyncIterable<string> {
  for await (const page of pages) {
    if (page.length) yield page.map((v) => JSON.stringify(v)).join('\n') + '\n';
  }
}
