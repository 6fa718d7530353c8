/**
 * Seeded partner graphs for the benchmark, shaped like the seed data (most organizations have one
 * user; a few resellers carry thousands of customers; resellers in two tiers), and a loader that
 * writes them through the service's own write path, POST /v1/tuples, with a progress line.
 */
import type { Tuple } from '../src/domain/tuple';

/** Size names the three graph sizes of the issue. */
export type Size = 'S' | 'M' | 'L';

/** Shape is the knobs of one size. */
export interface Shape {
  users: number;
  organizations: number;
  resellers: number;
  /** bigResellers each get bigCustomers customer organizations. */
  bigResellers: number;
  bigCustomers: number;
}

/** SHAPES: S and M as the issue names them; L is 200k users, 50k orgs, 1k resellers with three of 10k customers. */
export const SHAPES: Record<Size, Shape> = {
  S: { users: 1_000, organizations: 300, resellers: 10, bigResellers: 1, bigCustomers: 100 },
  M: { users: 20_000, organizations: 5_000, resellers: 200, bigResellers: 1, bigCustomers: 2_000 },
  L: { users: 200_000, organizations: 50_000, resellers: 1_000, bigResellers: 3, bigCustomers: 10_000 },
};

/** Probes are the ids the measurements ask about, known to have the shape each measurement needs. */
export interface Probes {
  /** bigMember is a member of the first big reseller: can_view on its bigCustomers customers. */
  bigMember: string;
  bigCustomers: number;
  /** checks are questions a portal asks: about half allowed, directly, through a reseller and through a tier. */
  checks: Tuple[];
  /** paths are allowed questions whose answer goes through a reseller or a tier, for access-paths. */
  paths: Tuple[];
}

/** Graph is a generated graph: its tuples in load order and its probes. */
export interface Graph {
  size: Size;
  seed: number;
  tuples: Tuple[];
  probes: Probes;
}

/** rng is mulberry32: small, fast and the same on every machine for a seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** generate builds the graph of a size; the same seed gives the same tuples. */
export function generate(size: Size, seed = 42): Graph {
  const s = SHAPES[size];
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  // Skewed pick: most picks land on a few ids, as customers cluster on popular resellers and big organizations.
  const skewed = (n: number) => Math.floor(n * r() ** 3);
  const user = (i: number) => `user:u${i}`;
  const org = (i: number) => `organization:o${i}`;
  const reseller = (i: number) => `reseller:r${i}`;
  const tuples: Tuple[] = [];
  const seen = new Set<string>();
  const t = (u: string, relation: string, object: string) => {
    const key = `${u} ${relation} ${object}`;
    if (seen.has(key)) return;
    seen.add(key);
    tuples.push({ user: u, relation, object });
  };

  // Two tiers: the first 5% of resellers are top tier, every other reseller has one of them as parent.
  // Big resellers sit right below reseller r0, so r0's members reach their customers through the tier.
  const top = Math.max(1, Math.floor(s.resellers * 0.05));
  const big = Array.from({ length: s.bigResellers }, (_, k) => top + k);
  for (let i = top; i < s.resellers; i++) t(reseller(i < top + big.length ? 0 : int(top)), 'parent', reseller(i));

  // Every organization has one owner; the long tail of organizations has nobody else.
  for (let o = 0; o < s.organizations; o++) t(user(o), 'owner', org(o));
  // The remaining users join organizations, clustered on a few large ones; one in ten joins a second.
  for (let u = s.organizations; u < s.users; u++) {
    t(user(u), int(10) === 0 ? 'admin' : 'member', org(skewed(s.organizations)));
    if (int(10) === 0) t(user(u), 'member', org(int(s.organizations)));
  }

  // Big resellers take consecutive blocks of customers; 40% of the other organizations have a reseller, a few two.
  const bigEnd = Math.min(s.organizations, s.bigResellers * s.bigCustomers);
  big.forEach((b, k) => {
    for (let o = k * s.bigCustomers; o < Math.min(bigEnd, (k + 1) * s.bigCustomers); o++) t(reseller(b), 'reseller', org(o));
  });
  const small = s.resellers - top - big.length;
  for (let o = bigEnd; o < s.organizations; o++) {
    if (int(10) < 4) t(reseller(top + big.length + skewed(small)), 'reseller', org(o));
    if (int(50) === 0) t(reseller(top + big.length + int(small)), 'reseller', org(o));
  }

  // Reseller staff: an owner and two members each, drawn from the users.
  for (let i = 0; i < s.resellers; i++) {
    t(user(int(s.users)), 'owner', reseller(i));
    t(user(int(s.users)), 'member', reseller(i));
    t(user(int(s.users)), 'member', reseller(i));
  }
  const bigMember = 'user:big-member';
  t(bigMember, 'member', reseller(big[0]));
  const tierMember = 'user:tier-member';
  t(tierMember, 'member', reseller(0));

  const checks: Tuple[] = [];
  const paths: Tuple[] = [];
  for (let i = 0; i < 2000; i++) {
    const o = int(s.organizations);
    switch (i % 4) {
      case 0: // an owner on their own organization: allowed, directly
        checks.push({ user: user(o), relation: 'can_manage', object: org(o) });
        break;
      case 1: // a user on a stranger's organization: denied
        checks.push({ user: user(int(s.users)), relation: 'can_view', object: org(o) });
        break;
      case 2: // the big reseller's member on one of its customers: allowed through the reseller
        checks.push({ user: bigMember, relation: 'can_view', object: org(int(Math.min(bigEnd, s.bigCustomers))) });
        break;
      default: // the top-tier member on a big reseller's customer: allowed through the tier
        checks.push({ user: tierMember, relation: 'can_view', object: org(int(bigEnd || 1)) });
    }
  }
  for (let i = 0; i < 200; i++) {
    const o = int(Math.min(bigEnd, s.bigCustomers));
    paths.push(i % 2 === 0 ? { user: bigMember, relation: 'can_view', object: org(o) } : { user: tierMember, relation: 'can_view', object: org(int(bigEnd || 1)) });
  }
  return { size, seed, tuples, probes: { bigMember, bigCustomers: Math.min(bigEnd, s.bigCustomers), checks, paths } };
}

/** LoadReport is how a load went: tuples acknowledged, requests, seconds, and the rate. */
export interface LoadReport {
  tuples: number;
  requests: number;
  pending: number;
  seconds: number;
  tuplesPerSecond: number;
}

/** Send writes one batch and says whether it was acknowledged in full or left pending. */
export type Send = (batch: Tuple[]) => Promise<'done' | 'pending'>;

/**
 * load writes tuples in batches of batchSize, concurrency batches at a time, through send, with a
 * progress line once a second. A pending batch is counted and not waited for, so a non-zero
 * pending is worth reading.
 */
export async function load(
  tuples: Tuple[],
  send: Send,
  opts: { batchSize: number; concurrency: number; label: string; progress?: (line: string) => void },
): Promise<LoadReport> {
  const batches: Tuple[][] = [];
  for (let i = 0; i < tuples.length; i += opts.batchSize) batches.push(tuples.slice(i, i + opts.batchSize));
  const started = performance.now();
  let next = 0;
  let loaded = 0;
  let pending = 0;
  let lastPrint = 0;
  const print = (force = false) => {
    const now = performance.now();
    if (!opts.progress || (!force && now - lastPrint < 1000)) return;
    lastPrint = now;
    const width = 30;
    const filled = Math.round((width * loaded) / Math.max(1, tuples.length));
    const rate = loaded / ((now - started) / 1000);
    const eta = rate > 0 ? (tuples.length - loaded) / rate : 0;
    opts.progress(`[load] ${opts.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${loaded}/${tuples.length} tuples, ${Math.round(rate)}/s, eta ${Math.round(eta)} s`);
  };
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      if ((await send(batch)) === 'pending') pending++;
      loaded += batch.length;
      print();
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  print(true);
  const seconds = (performance.now() - started) / 1000;
  return { tuples: tuples.length, requests: batches.length, pending, seconds, tuplesPerSecond: tuples.length / seconds };
}

/** throughService sends a batch as POST /v1/tuples: 200 is in both stores, 202 is pending in OpenFGA. */
export function throughService(baseUrl: string, token: string): Send {
  return async (batch) => {
    const res = await fetch(`${baseUrl}/v1/tuples`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ writes: batch }),
    });
    const body = await res.text();
    if (res.status === 202) return 'pending';
    if (res.status !== 200) throw new Error(`loading failed: POST /v1/tuples answered ${res.status} ${body.slice(0, 300)}`);
    return 'done';
  };
}

/** straightToOpenFga sends a batch as one OpenFGA Write (at most 100 tuples, its default limit). */
export function straightToOpenFga(apiUrl: string, storeId: string, modelId: string): Send {
  return async (batch) => {
    const res = await fetch(`${apiUrl}/stores/${storeId}/write`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ writes: { tuple_keys: batch, on_duplicate: 'ignore' }, authorization_model_id: modelId }),
    });
    if (res.status !== 200) throw new Error(`loading failed: OpenFGA write answered ${res.status} ${(await res.text()).slice(0, 300)}`);
    return 'done';
  };
}
