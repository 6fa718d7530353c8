// Reading the log files the local stack's children write, for readiness checks and error messages.
import fs from 'node:fs';

/** readLogSince returns what a log file gained after byte offset `start` (at most the last `maxBytes`). */
export function readLogSince(file: string, start: number, maxBytes = 1 << 20): string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = fs.fstatSync(fd).size;
    const from = Math.max(start, size - maxBytes);
    const length = Math.max(0, size - from);
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, from);
    return buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** logTail formats the last lines of this run's log for an error message. */
export function logTail(file: string, start: number, lines = 25): string {
  const text = readLogSince(file, start, 64 * 1024).trimEnd();
  if (!text) return `(${file} is empty)`;
  const tail = text.split('\n').slice(-lines).map((line) => `  | ${line}`);
  return `last lines of ${file}:\n${tail.join('\n')}`;
}
