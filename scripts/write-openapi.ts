// Writes the /openapi.json the service serves to a file, without starting it, so the console's API client is generated from the same table of operations.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from '../src/http/openapi';
import { SURFACES } from '../src/http/surfaces';

const out = process.argv[2];
if (!out) throw new Error('usage: tsx scripts/write-openapi.ts <file>');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(buildOpenApiDocument(SURFACES), null, 2)}\n`);
