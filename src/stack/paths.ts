// Where the local stack keeps its downloads, builds and data, all under the gitignored <root>/.local.
import fs from 'node:fs';
import path from 'node:path';

/** Log receives one human-readable progress line at a time. */
export type Log = (line: string) => void;

export const NEO4J_VERSION = '5.26.30';
export const OPENFGA_VERSION = 'v1.22.1';
export const OPENFGA_MODULE = 'github.com/openfga/openfga';

function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown };
        if (parsed.name === 'partnergraph') return dir;
      } catch {
        // An unreadable manifest is not ours; keep walking up.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`projectRoot: no package.json named "partnergraph" above ${start}`);
    }
    dir = parent;
  }
}

/** projectRoot is the repo root (where package.json is), found from this file so it works from src/ and dist/ alike. */
export const projectRoot: string = findProjectRoot(__dirname);

/** localDir is the gitignored cache for everything the stack downloads, builds or stores. */
export const localDir: string = path.join(projectRoot, '.local');

/** defaultDataDir is where `npm start` and `npm run stack` keep their databases unless DATA_DIR says otherwise. */
export const defaultDataDir: string = path.join(localDir, 'data');

/** paths names every cached artifact, so install and start agree on where things are. */
export const paths = {
  neo4jPom: path.join(projectRoot, 'neo4j-launcher', 'pom.xml'),
  neo4jLauncher: path.join(projectRoot, 'neo4j-launcher', 'Launcher.java'),
  /** neo4jRoot holds one directory per fingerprint of pom.xml + Launcher.java + JVM flags. */
  neo4jRoot: path.join(localDir, 'neo4j'),
  openfgaBin: path.join(localDir, 'bin', 'openfga'),
  /** runDir holds logs of processes started without a data dir (memory OpenFGA in tests). */
  runDir: path.join(localDir, 'run'),
} as const;

/** resolveDataDir makes a DATA_DIR value absolute against the project root, not the caller's cwd. */
export function resolveDataDir(dir: string | undefined): string {
  if (!dir) return defaultDataDir;
  return path.isAbsolute(dir) ? dir : path.join(projectRoot, dir);
}
