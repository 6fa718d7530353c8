// Builds OpenFGA at the pinned version with `go install` into .local/bin once, and tells which version a binary is.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { localDir, type Log, OPENFGA_MODULE, OPENFGA_VERSION, paths, projectRoot } from './paths';
import { requireTool, run, seconds, withLock } from './install-steps';

let versionMemo: { key: string; version: string | undefined } | undefined;

/** installedOpenFgaVersion returns the OpenFGA module version the cached binary was built from, or undefined. */
export function installedOpenFgaVersion(): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(paths.openfgaBin);
  } catch {
    return undefined;
  }
  // Every start asks, so remember the answer for this exact binary instead of spawning each time.
  const key = `${stat.size}:${stat.mtimeMs}`;
  if (versionMemo?.key !== key) versionMemo = { key, version: probeOpenFgaVersion() };
  return versionMemo.version;
}

function probeOpenFgaVersion(): string | undefined {
  // Built with our -ldflags the binary knows its version; a plain `go install` says "dev",
  // but the module version is still in its build info.
  const own = spawnSync(paths.openfgaBin, ['version'], { encoding: 'utf8', timeout: 10_000 });
  const ownMatch = /version `?(v\d+\.\d+\.\d+)/.exec(`${own.stdout}${own.stderr}`);
  if (ownMatch?.[1]) return ownMatch[1];
  const info = spawnSync('go', ['version', '-m', paths.openfgaBin], { encoding: 'utf8', timeout: 10_000 });
  const modMatch = new RegExp(`^\\s*mod\\s+${OPENFGA_MODULE.replace(/\./g, '\\.')}\\s+(v\\S+)`, 'm').exec(info.stdout ?? '');
  return modMatch?.[1];
}

/** ensureOpenFgaInstalled builds OpenFGA with `go install` into .local/bin unless a binary of the pinned version is there. */
export async function ensureOpenFgaInstalled(log: Log): Promise<void> {
  if (installedOpenFgaVersion() === OPENFGA_VERSION) return;
  await withLock('openfga', log, async () => {
    if (installedOpenFgaVersion() === OPENFGA_VERSION) return;
    requireTool('go', ['version'], 'Go 1.26 or newer (https://go.dev/dl/); OpenFGA v1.22.1 asks for it');
    const started = Date.now();
    log(`[stack] building OpenFGA ${OPENFGA_VERSION} with go install (first run only, a few minutes)...`);
    fs.mkdirSync(path.dirname(paths.openfgaBin), { recursive: true });
    await run('go', ['install', '-trimpath',
      `-ldflags=-s -w -X ${OPENFGA_MODULE}/internal/build.Version=${OPENFGA_VERSION}`,
      `${OPENFGA_MODULE}/cmd/openfga@${OPENFGA_VERSION}`],
    path.join(localDir, 'openfga-install.log'),
    { GOBIN: path.dirname(paths.openfgaBin), GOFLAGS: '', CGO_ENABLED: '0' }, 30 * 60_000);
    const version = installedOpenFgaVersion();
    if (version !== OPENFGA_VERSION) {
      throw new Error(`OpenFGA build finished but ${paths.openfgaBin} reports ${version ?? 'no version'}, expected ${OPENFGA_VERSION}`);
    }
    log(`[stack] OpenFGA ${OPENFGA_VERSION} built into ${path.relative(projectRoot, paths.openfgaBin)} (${seconds(started)})`);
  });
}
