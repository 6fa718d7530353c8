/**
 * Loads the Cypher statements in cypher/, one file per statement, so every query the service
 * runs can be read, reviewed and tested where it lives; they are fetched by name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** CYPHER_DIR is the folder of statements in the repository. */
export const CYPHER_DIR = path.resolve(__dirname, '../../../cypher');

let statements: Map<string, string> | undefined;

function all(): Map<string, string> {
  if (!statements) {
    statements = new Map();
    for (const file of readdirSync(CYPHER_DIR).filter((f) => f.endsWith('.cypher')).sort()) {
      statements.set(file.slice(0, -'.cypher'.length), readFileSync(path.join(CYPHER_DIR, file), 'utf8'));
    }
  }
  return statements;
}

/** cypher returns the statement named name (the file cypher/<name>.cypher); a missing name is a bug, so it throws. */
export function cypher(name: string): string {
  const text = all().get(name);
  if (text === undefined) throw new Error(`no statement cypher/${name}.cypher`);
  return text;
}

/** queryNames lists every statement that is not schema, for warming up. */
export function queryNames(): string[] {
  return [...all().keys()].filter((name) => !name.startsWith('schema-'));
}

/** schemaStatements lists the constraint and index statements (files named schema-*), in name order. */
export function schemaStatements(): string[] {
  return [...all().entries()].filter(([name]) => name.startsWith('schema-')).map(([, text]) => text);
}
