// `npm run bench`: wsconf's nginx parser and linter against the `nginx-conf` npm package on
// generated configs of 1k, 10k and 100k lines. See bench/README.md for how to read the output.
//
//   node bench/bench.mjs           full run
//   node bench/bench.mjs --quick   fewer repetitions (for checking that the script works)
//
// Timings are printed for the record and never fail the run. The exit code is non-zero only
// when something crashes: a parser or the linter throws, the CLI exits with a code other than
// 0/1, or the nginx-conf process fails.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, cpus, platform, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { writeAll, checkWithNginx } from './generate.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const QUICK = process.argv.includes('--quick');

const PATHS = {
  parserTs: join(ROOT, 'server/src/service/languages/nginx/parser.ts'),
  parserJs: join(ROOT, 'build/server/src/service/languages/nginx/parser.js'),
  serviceTs: join(ROOT, 'server/src/service/index.ts'),
  serviceJs: join(ROOT, 'build/server/src/service/index.js'),
  nodeHostJs: join(ROOT, 'build/server/src/lsp/node-host.js'),
  cli: join(ROOT, 'server/out/cli.js'),
  // The CLI row times the bundle users get: `node esbuild.mjs --production`, written here so that
  // the development bundles in server/out (which tests and editors may be using) stay untouched.
  benchBundleDir: join(ROOT, 'build/bench-bundle'),
  productionCli: join(ROOT, 'build/bench-bundle/server/out/cli.js'),
  nginxConfProcess: join(ROOT, 'bench/nginx-conf-parse.mjs'),
};

/** Repetitions per size: warm-up runs, then timed runs (median reported). */
const PLAN = QUICK
  ? { '1k': { warmup: 5, runs: 11 }, '10k': { warmup: 2, runs: 5 }, '100k': { warmup: 1, runs: 3 } }
  : { '1k': { warmup: 50, runs: 201 }, '10k': { warmup: 10, runs: 51 }, '100k': { warmup: 5, runs: 21 } };
const PROCESS_RUNS = QUICK ? 3 : 5;

const TARGETS = {
  parseMBps100k: 50, // parse >= 50 MB/s on the 100k-line file
  lintMs100k: 150, // parse+lint <= 150 ms on the 100k-line file
  linearity: 12, // t(100k) / t(10k) <= 12
};

let crashed = false;
const crash = (what, e) => {
  crashed = true;
  console.log(`!! CRASH in ${what}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
};
const rel = (p) => relative(ROOT, p) || '.';

// ---------------------------------------------------------------------------------------------
// Build freshness: `npm run build` only bundles with esbuild; the in-process API is imported from
// tsc's CommonJS output in build/, so compile it when it is missing or older than the sources.

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function ensureTscBuild() {
  const newestSrc = newestMtime(join(ROOT, 'server/src'));
  const stale = [
    [PATHS.parserTs, PATHS.parserJs],
    [PATHS.serviceTs, PATHS.serviceJs],
  ].some(([ts, js]) => existsSync(ts) && (!existsSync(js) || statSync(js).mtimeMs < newestSrc));
  if (!stale) return;
  let tsc;
  try {
    tsc = [process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.test.json']];
  } catch {
    tsc = ['npx', ['tsc', '-p', 'tsconfig.test.json']];
  }
  console.log('build/ is missing or older than server/src: running tsc -p tsconfig.test.json ...');
  const t0 = performance.now();
  const r = spawnSync(tsc[0], tsc[1], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.error) {
    console.log(`  tsc could not start (${r.error.message}); using whatever is in build/`);
  } else if (r.status !== 0) {
    const lines = (r.stdout + r.stderr).trim().split('\n');
    console.log(`  tsc exited ${r.status} after ${secs}s (output is emitted anyway); first errors:`);
    for (const l of lines.slice(0, 5)) console.log('    ' + l);
    if (lines.length > 5) console.log(`    ... ${lines.length - 5} more lines`);
  } else {
    console.log(`  tsc ok (${secs}s)`);
  }
  console.log('');
}

/** require() a build artefact; null with a reason when it is not built yet. */
function load(path, what) {
  if (!existsSync(path)) return { mod: null, why: `${rel(path)} missing` };
  try {
    return { mod: require(path) };
  } catch (e) {
    if (e?.code === 'MODULE_NOT_FOUND') return { mod: null, why: `${what}: ${e.message.split('\n')[0]}` };
    crash(`loading ${rel(path)}`, e);
    return { mod: null, why: `${what} failed to load` };
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

let sink; // keeps results alive so nothing can be optimised away

// Garbage-collector pauses, from node's `gc` performance entries: they are delivered after the
// synchronous runs, so each measurement keeps its time windows and gcPauses() reads them later.
const gcEntries = [];
new PerformanceObserver((list) => pushEach(gcEntries, list.getEntries())).observe({ entryTypes: ['gc'] });
function pushEach(into, items) {
  for (const item of items) into.push(item);
}

/**
 * Median of `runs` timed calls after `warmup` untimed ones. `setup` (untimed) runs before each
 * call and its result is passed to `run`. `windows` are the timed intervals, for gcPauses().
 */
function measure({ warmup, runs }, run, setup = () => undefined) {
  for (let i = 0; i < warmup; i++) sink = run(setup());
  const windows = [];
  for (let i = 0; i < runs; i++) {
    const state = setup();
    const t0 = performance.now();
    sink = run(state);
    windows.push([t0, performance.now()]);
  }
  const times = windows.map(([a, b]) => b - a).sort((a, b) => a - b);
  return { ms: times[times.length >> 1], min: times[0], max: times[times.length - 1], windows };
}

/** Lets the `gc` performance entries of the runs so far arrive. */
const flushGcEntries = () => new Promise((resolve) => setTimeout(resolve, 10));

/**
 * The GC pauses inside a measurement's timed runs: `share` of the total timed time, and
 * `ms`, the median run with its own pauses taken out.
 */
function gcPauses(m) {
  if (!m?.windows) return null;
  let paused = 0;
  let total = 0;
  const withoutGc = [];
  for (const [a, b] of m.windows) {
    let inRun = 0;
    for (const e of gcEntries) {
      const start = Math.max(a, e.startTime);
      const end = Math.min(b, e.startTime + e.duration);
      if (end > start) inRun += end - start;
    }
    paused += inRun;
    total += b - a;
    withoutGc.push(b - a - inRun);
  }
  withoutGc.sort((x, y) => x - y);
  return { share: total > 0 ? paused / total : 0, ms: withoutGc[withoutGc.length >> 1] };
}

function timeProcess(args, runs, okCodes) {
  // one untimed run to warm the page cache and node's compile cache
  const first = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 512 << 20 });
  if (first.error || !okCodes.includes(first.status)) {
    return { error: first.error?.message ?? `exit ${first.status}: ${(first.stderr || first.stdout).trim().split('\n').slice(0, 5).join('\n')}` };
  }
  const times = [];
  let last = first;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 512 << 20 });
    times.push(performance.now() - t0);
    if (last.error || !okCodes.includes(last.status)) return { error: last.error?.message ?? `exit ${last.status}` };
  }
  times.sort((a, b) => a - b);
  return { ms: times[times.length >> 1], status: last.status, stdout: last.stdout };
}

/**
 * Builds the production bundles (minified, as `npm run package` ships them) under
 * build/bench-bundle and returns the CLI's path there; falls back to server/out/cli.js (the
 * development bundle of `npm run build`) when that build fails.
 */
function buildProductionCli() {
  const r = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--outdir', PATHS.benchBundleDir], { cwd: ROOT, encoding: 'utf8' });
  if (!r.error && r.status === 0 && existsSync(PATHS.productionCli)) return PATHS.productionCli;
  const why = r.error?.message ?? `exit ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(0, 3).join(' / ')}`;
  console.log(`  (production build failed (${why}); timing the development bundle ${rel(PATHS.cli)})`);
  return PATHS.cli;
}

function nginxConfParse(text) {
  let error = null;
  let tree = null;
  new NginxParser().parse(text, (err, t) => {
    error = err;
    tree = t;
  });
  return { error, tree };
}

// ---------------------------------------------------------------------------------------------
// Formatting

const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);
const fmtMs = (ms) => (ms == null ? '—' : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
const fmtRate = (r) => (r == null ? '—' : r.toFixed(1));
const fmtRatio = (a, b) => (a == null || b == null ? '—' : (a / b).toFixed(2) + '×');
const verdict = (ok) => (ok == null ? '(not measured)' : ok ? '✓ met' : '✗ not met');

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const [j, r] of rows.entries()) {
    console.log('  ' + r.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  '));
    if (j === 1) console.log('  ' + widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

// ---------------------------------------------------------------------------------------------

const { NginxParser } = require('nginx-conf');
const nginxConfVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/nginx-conf/package.json'), 'utf8')).version;

console.log(`wsconf bench: node ${process.version}, ${platform()} ${arch()}, ${cpus()[0]?.model ?? 'unknown CPU'} ×${cpus().length}${QUICK ? ' (--quick)' : ''}`);
console.log('');

ensureTscBuild();
const parserMod = load(PATHS.parserJs, 'parser');
const serviceMod = load(PATHS.serviceJs, 'language service');
const hostMod = serviceMod.mod ? load(PATHS.nodeHostJs, 'node host') : { mod: null, why: serviceMod.why };
const parseNginx = parserMod.mod?.parseNginx ?? null;
const createLanguageService = serviceMod.mod?.createLanguageService ?? null;
const createNodeHost = hostMod.mod?.createNodeHost ?? null;
const parseWhy = parseNginx ? null : parserMod.why ?? 'parseNginx is not exported';
const lintWhy = createLanguageService && createNodeHost ? null : (serviceMod.why ?? hostMod.why ?? 'createLanguageService/createNodeHost not exported');

// Generated inputs
const files = writeAll().map((f) => ({ ...f, text: readFileSync(f.path, 'utf8') }));
console.log('Inputs (bench/generate.mjs, deterministic):');
const pathWidth = Math.max(...files.map((f) => rel(f.path).length));
for (const f of files) {
  console.log(`  ${f.label.padEnd(4)}  ${rel(f.path).padEnd(pathWidth)}  ${f.lines.toLocaleString('en-US').padStart(7)} lines  ${(f.bytes / 1e6).toFixed(2).padStart(5)} MB`);
}
const check = checkWithNginx(files[0].path);
console.log(`  nginx -t on the 1k file: ${check.ok === null ? `skipped (${check.output})` : check.ok ? 'ok' : 'FAILED (generator bug, figures below are still printed)'}`);
if (check.ok === false) for (const l of check.output.split('\n').slice(0, 10)) console.log('    ' + l);
console.log('');

// In-process
console.log(`In-process (median of N timed runs after W warm-up runs; MB = 10^6 bytes; nginx-conf ${nginxConfVersion})`);
if (parseWhy) console.log(`  wsconf parse: not built yet (${parseWhy})`);
if (lintWhy) console.log(`  wsconf parse+lint: not built yet (${lintWhy})`);
const results = {};
const rows = [
  ['size', 'N/W', 'parse ms', 'MB/s', 'errors', 'parse+lint ms', 'MB/s', 'findings', 'nginx-conf ms', 'MB/s', 'parse/nc', 'parse+lint/nc'],
  ['', '', 'wsconf', '', '', 'wsconf', '', '', '', '', 'ratio', 'ratio'],
];
for (const f of files) {
  const plan = PLAN[f.label];
  const r = { bytes: f.bytes };
  results[f.label] = r;

  if (parseNginx) {
    try {
      const once = parseNginx(f.text);
      r.parseErrors = once.errors?.length ?? '?';
      if (r.parseErrors) console.log(`  ! wsconf reports ${r.parseErrors} syntax error(s) in ${f.label}, first: ${JSON.stringify(once.errors[0])}`);
      r.parseRun = measure(plan, () => parseNginx(f.text));
      r.parseMs = r.parseRun.ms;
    } catch (e) {
      crash(`wsconf parseNginx (${f.label})`, e);
    }
  }

  if (createLanguageService && createNodeHost) {
    try {
      // A fresh service per run (created outside the timed region) so no cache from the previous
      // run can answer: every timed run reads, parses and lints the file from scratch.
      const newService = () => createLanguageService({ host: createNodeHost(), settings: {} });
      const once = newService().lint([f.path]);
      if (typeof once?.then === 'function') throw new Error('service.lint() returned a Promise; the bench expects the synchronous API');
      r.findings = once?.findings?.length ?? '?';
      r.lintRun = measure(plan, (svc) => svc.lint([f.path]), newService);
      r.lintMs = r.lintRun.ms;
    } catch (e) {
      crash(`wsconf lint (${f.label})`, e);
    }
  }

  try {
    const once = nginxConfParse(f.text);
    if (once.error) console.log(`  ! nginx-conf reports an error in ${f.label}: ${JSON.stringify(once.error)} (it stops there)`);
    r.ncRun = measure(plan, () => nginxConfParse(f.text));
    r.ncMs = r.ncRun.ms;
  } catch (e) {
    crash(`nginx-conf parse (${f.label})`, e);
  }

  rows.push([
    f.label,
    `${plan.runs}/${plan.warmup}`,
    parseNginx ? fmtMs(r.parseMs) : 'not built',
    r.parseMs != null ? fmtRate(mbps(f.bytes, r.parseMs)) : '—',
    r.parseErrors ?? '—',
    lintWhy ? 'not built' : fmtMs(r.lintMs),
    r.lintMs != null ? fmtRate(mbps(f.bytes, r.lintMs)) : '—',
    r.findings ?? '—',
    fmtMs(r.ncMs),
    r.ncMs != null ? fmtRate(mbps(f.bytes, r.ncMs)) : '—',
    fmtRatio(r.parseMs, r.ncMs),
    fmtRatio(r.lintMs, r.ncMs),
  ]);
}
table(rows);
console.log('  ratio = wsconf time / nginx-conf parse time (below 1× means wsconf is faster)');
console.log('');

// Garbage-collector pauses (a diagnostic: the figures above and the targets include them)
await flushGcEntries();
for (const r of Object.values(results)) {
  r.parseGc = gcPauses(r.parseRun);
  r.lintGc = gcPauses(r.lintRun);
  r.ncGc = gcPauses(r.ncRun);
}
const fmtGc = (g) => (g == null ? '—' : `${fmtMs(g.ms)} (${(g.share * 100).toFixed(0)}% GC)`);
console.log('Garbage-collector pauses inside the timed runs: median run without its pauses (share of the timed time in GC)');
{
  const gcRows = [
    ['size', 'wsconf parse', 'wsconf parse+lint', 'nginx-conf parse'],
    ['', 'ms without GC', 'ms without GC', 'ms without GC'],
  ];
  for (const f of files) {
    const r = results[f.label];
    gcRows.push([f.label, fmtGc(r.parseGc), fmtGc(r.lintGc), fmtGc(r.ncGc)]);
  }
  table(gcRows);
}
console.log('  A syntax tree that stays alive is copied by the young-generation collector; a small');
console.log('  file\'s tree is built between two collections, a large one is not. The targets count');
console.log('  these pauses; this table only shows how much of each figure they are.');
console.log('');

// Linearity
const lin = (key, gcKey) => {
  const a = results['100k'][key];
  const b = results['10k'][key];
  const ga = results['100k'][gcKey];
  const gb = results['10k'][gcKey];
  return { ratio: a != null && b != null ? a / b : null, withoutGc: ga && gb ? ga.ms / gb.ms : null };
};
const fmtLin = ({ ratio, withoutGc }, missing) =>
  ratio == null ? missing : `${ratio.toFixed(2).padStart(6)}   (without GC pauses: ${withoutGc == null ? '—' : withoutGc.toFixed(2)})`;
const linParseAll = lin('parseMs', 'parseGc');
const linLintAll = lin('lintMs', 'lintGc');
const linParse = linParseAll.ratio;
const linLint = linLintAll.ratio;
console.log(`Linearity: t(100k) / t(10k), 10× the input (target ≤ ${TARGETS.linearity})`);
console.log(`  wsconf parse       ${fmtLin(linParseAll, 'not built yet')}`);
console.log(`  wsconf parse+lint  ${fmtLin(linLintAll, 'not built yet')}`);
console.log(`  nginx-conf parse   ${fmtLin(lin('ncMs', 'ncGc'), '—')}  (for reference)`);
console.log('');

// Whole process
const big = files[files.length - 1];
console.log(`Whole process on the ${big.label} file (wall time incl. node start-up, median of ${PROCESS_RUNS} after 1 warm-up)`);
let cliMs = null;
let ncProcMs = null;
const cliPath = buildProductionCli();
if (!existsSync(cliPath)) {
  console.log(`  wsconf CLI:        not built yet (${rel(cliPath)} missing: run npm run build)`);
} else {
  if (cliPath === PATHS.cli && statSync(cliPath).mtimeMs < newestMtime(join(ROOT, 'server/src'))) {
    console.log(`  (note: ${rel(cliPath)} is older than server/src; npm run bench rebuilds it)`);
  }
  const r = timeProcess([cliPath, 'check', big.path, '--format', 'json'], PROCESS_RUNS, [0, 1]);
  if (r.error) {
    crash('wsconf CLI', r.error);
  } else {
    cliMs = r.ms;
    let findings = '';
    try {
      const json = JSON.parse(r.stdout);
      const list = Array.isArray(json) ? json : Array.isArray(json?.findings) ? json.findings : null;
      if (list) findings = `, ${list.length} findings`;
    } catch {
      /* output shape is the CLI's business */
    }
    console.log(`  wsconf CLI:        ${fmtMs(cliMs)} ms  (node ${rel(cliPath)} check ${rel(big.path)} --format json; exit ${r.status}${findings})`);
  }
}
{
  const r = timeProcess([PATHS.nginxConfProcess, big.path], PROCESS_RUNS, [0]);
  if (r.error) crash('nginx-conf process', r.error);
  else {
    ncProcMs = r.ms;
    console.log(`  nginx-conf only:   ${fmtMs(ncProcMs)} ms  (node ${rel(PATHS.nginxConfProcess)} ${rel(big.path)})`);
  }
}
console.log(`  ratio CLI / nginx-conf process: ${fmtRatio(cliMs, ncProcMs)}`);
console.log('');

// Targets
const r100 = results['100k'];
const parseRate100 = r100.parseMs != null ? mbps(r100.bytes, r100.parseMs) : null;
console.log('Targets (printed for the record, never enforced)');
const targetRows = [
  [`parse ≥ ${TARGETS.parseMBps100k} MB/s on 100k lines`, parseRate100 == null ? 'not built yet' : `${fmtRate(parseRate100)} MB/s (${fmtMs(r100.parseMs)} ms)`,
    verdict(parseRate100 == null ? null : parseRate100 >= TARGETS.parseMBps100k)],
  [`parse+lint ≤ ${TARGETS.lintMs100k} ms on 100k lines`, r100.lintMs == null ? 'not built yet' : fmtMs(r100.lintMs) + ' ms',
    verdict(r100.lintMs == null ? null : r100.lintMs <= TARGETS.lintMs100k)],
  [`parse 100k/10k time ratio ≤ ${TARGETS.linearity}`, linParse == null ? 'not built yet' : linParse.toFixed(2),
    verdict(linParse == null ? null : linParse <= TARGETS.linearity)],
  [`parse+lint 100k/10k time ratio ≤ ${TARGETS.linearity}`, linLint == null ? 'not built yet' : linLint.toFixed(2),
    verdict(linLint == null ? null : linLint <= TARGETS.linearity)],
  ['CLI process faster than nginx-conf only', cliMs == null || ncProcMs == null ? 'not built yet' : `${fmtMs(cliMs)} vs ${fmtMs(ncProcMs)} ms`,
    verdict(cliMs == null || ncProcMs == null ? null : cliMs < ncProcMs)],
];
{
  const w0 = Math.max(...targetRows.map((r) => r[0].length));
  const w1 = Math.max(...targetRows.map((r) => r[1].length));
  for (const [a, b, c] of targetRows) console.log(`  ${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
}
console.log('');

// nginx-conf quirk: unbalanced braces go through silently
console.log('nginx-conf quirk: unbalanced braces are accepted without an error');
// nginx itself as the referee, when installed (same `nginx -t -p <tmp> -c <file>` as for the 1k file)
const nginxSays =
  check.ok === null
    ? null
    : (src) => {
        const dir = mkdtempSync(join(tmpdir(), 'wsconf-bench-quirk-'));
        try {
          writeFileSync(join(dir, 'quirk.conf'), src);
          const r = checkWithNginx(join(dir, 'quirk.conf'));
          const emerg = r.output.split('\n').find((l) => l.includes('[emerg]'));
          return r.ok ? 'accepted' : emerg ? emerg.replace(/^.*\[emerg\] [0-9#]+: /, '').replace(/ in \S+:(\d+)$/, ' (line $1)') : r.output.split('\n')[0];
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      };
const QUIRKS = [
  ['missing "}"', 'http { server { }'],
  ['extra "}"', 'http { server { }\n}}'],
];
for (const [what, src] of QUIRKS) {
  let nc;
  try {
    const { error } = nginxConfParse(src);
    nc = error ? `error: ${error.message}` : 'no error, no throw';
  } catch (e) {
    nc = `throws: ${e.message}`;
  }
  let ws;
  if (!parseNginx) ws = 'not built yet';
  else {
    try {
      const errs = parseNginx(src).errors ?? [];
      ws = errs.length ? errs.map((e) => `${e.code ?? 'error'} at ${e.start ?? '?'}: ${e.message}`).join('; ') : 'no error (!)';
    } catch (e) {
      crash(`wsconf parseNginx on ${JSON.stringify(src)}`, e);
      ws = 'crashed';
    }
  }
  console.log(`  ${what.padEnd(12)} ${JSON.stringify(src)}`);
  if (nginxSays) console.log(`    nginx -t:   ${nginxSays(src)}`);
  console.log(`    nginx-conf: ${nc}`);
  console.log(`    wsconf:     ${ws}`);
}

if (crashed) {
  console.log('');
  console.log('bench: something crashed (see !! CRASH above); exiting with status 1');
  process.exit(1);
}
