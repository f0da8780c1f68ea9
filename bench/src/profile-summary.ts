// Reads the .cpuprofile files that BENCH_CPU_PROF leaves behind and prints where each process
// spent its CPU: self time per package (or platform folder) and the hottest functions.
// Usage: tsx bench/src/profile-summary.ts <dir-or-file>...
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function profileFiles(args: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    if ((await stat(arg)).isDirectory()) {
      files.push(...(await readdir(arg)).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(arg, f)));
    } else {
      files.push(arg);
    }
  }
  return files.sort();
}

/** Where a frame's code lives: an npm package, a folder of ours, node internals, or the VM itself. */
export function bucketOf(url: string, functionName: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const ours = /\/(platform\/src\/[^/]+|contracts\/src|bench\/src)\//.exec(url);
  if (ours?.[1]) return ours[1];
  if (url.startsWith('node:')) return 'node internals';
  if (url === '') return functionName === '(garbage collector)' ? '(gc)' : functionName === '(idle)' ? '(idle)' : '(native/vm)';
  return url;
}

function selfTimes(profile: Profile): Map<number, number> {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  return self;
}

/** Time of the samples with at least one frame of a bucket on the stack: what a package costs with all it calls. */
function inclusiveTimes(
  profile: Profile,
  keyOf: (frame: ProfileNode['callFrame']) => string = (f) => bucketOf(f.url, f.functionName),
): Map<string, number> {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const buckets = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame) buckets.add(keyOf(frame));
    }
    if (buckets.has('(idle)') || buckets.has('(idle) :0')) return;
    for (const bucket of buckets) inclusive.set(bucket, (inclusive.get(bucket) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return inclusive;
}

function summarize(file: string, profile: Profile): void {
  const self = selfTimes(profile);
  const byBucket = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    const { url, functionName } = node.callFrame;
    const bucket = bucketOf(url, functionName);
    if (bucket === '(idle)') continue;
    total += us;
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + us);
    const fn = frameName(node.callFrame);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  console.log(`\n${file}: ${(total / 1e6).toFixed(2)} s busy`);
  print('  by package (self)', byBucket, total, 14);
  print('  by package (inclusive: with everything it calls)', inclusiveTimes(profile), total, 16);
  print('  hottest functions (self)', byFunction, total, 20);
  const ownOrLibrary = (name: string) =>
    /(platform|bench|contracts)\/src|@opentelemetry|prom-client|cockatiel|typebox|undici\/lib\/api|async_hooks/.test(name);
  const inclusive = new Map([...inclusiveTimes(profile, frameName)].filter(([name]) => ownOrLibrary(name)));
  print('  platform and library functions (inclusive)', inclusive, total, 40);
}

function frameName(frame: ProfileNode['callFrame']): string {
  const where = frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(platform|bench|contracts)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
}

function print(title: string, times: Map<number | string, number>, total: number, limit: number): void {
  console.log(title);
  for (const [name, us] of [...times.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    console.log(`    ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
  }
}

const args = process.argv.slice(2);
if (args.length === 0) throw new Error('usage: tsx bench/src/profile-summary.ts <dir-or-.cpuprofile>...');
for (const file of await profileFiles(args)) {
  summarize(file, JSON.parse(await readFile(file, 'utf8')) as Profile);
}
