/**
 * The real-stack scenario suite: `npm run test:scenarios [name-substring...]`.
 *
 * Each folder under test/scenarios/ (except app/) is a scenario: plain config files plus
 * expect.json (see test/support/scenarios/compare.ts). For each one, in a small pool:
 *   1. copy the files to a temp dir with free 127.0.0.1 ports substituted;
 *   2. lint that copy with wsconf (the same files the servers read);
 *   3. start nginx + gunicorn/uWSGI on it and probe with real clients (probe.ts);
 *   4. for every expected finding marked `"fix": true`, apply that rule's quick fix to a fresh
 *      copy, restart the stack on it and probe again;
 *   5. compare everything with expect.json.
 * Every process group is ended after each run, also when something throws. A full run writes
 * test/scenarios/last-run.json, from which `npm run docs:scenarios` renders the README table.
 * Set WSCONF_SKIP_REAL_SERVERS=1 to skip the suite, WSCONF_KEEP_SCENARIO_TMP=1 to keep the copies.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareRun, passes, validateExpectation, type Expectation, type FixRun } from '../support/scenarios/compare';
import { applyRuleFix, lintScenario, type ReportedFinding } from '../support/scenarios/lint';
import { probe, type Outcome } from '../support/scenarios/probe';
import { allocatePorts, prepareCopy, startStack } from '../support/scenarios/stack';

const ROOT = path.resolve(__dirname, '../../../test/scenarios');
const IDLE_SECONDS = Number(process.env['WSCONF_SCENARIO_IDLE'] ?? 3);
const JOBS = Math.max(1, Number(process.env['WSCONF_SCENARIO_JOBS'] ?? 3));
const KEEP = process.env['WSCONF_KEEP_SCENARIO_TMP'] === '1';

interface Result {
  readonly name: string;
  readonly description: string;
  readonly outcome?: Outcome;
  readonly findings: readonly ReportedFinding[];
  readonly fixes: readonly (FixRun & { readonly details?: readonly string[] })[];
  readonly problems: readonly string[];
  readonly seconds: number;
  readonly logs?: string;
}

async function runStack(dir: string, port: number): Promise<{ outcome: Outcome; logs: string }> {
  const stack = await startStack(dir);
  try {
    const outcome = await probe({ port, idleSeconds: IDLE_SECONDS });
    return { outcome, logs: stack.logs() };
  } finally {
    await stack.stop();
  }
}

function removeDir(dir: string): void {
  if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
}

async function runScenario(name: string): Promise<Result> {
  const started = Date.now();
  const folder = path.join(ROOT, name);
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  let expected: Expectation;
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(folder, 'expect.json'), 'utf8')) as unknown;
    const invalid = validateExpectation(raw);
    if (invalid.length > 0) return { name, description: '', findings: [], fixes: [], problems: invalid.map((p) => `expect.json: ${p}`), seconds: seconds() };
    expected = raw as Expectation;
  } catch (error) {
    return { name, description: '', findings: [], fixes: [], problems: [`expect.json: ${(error as Error).message}`], seconds: seconds() };
  }
  const ports = await allocatePorts();
  const dir = prepareCopy(folder, ports);
  const dirs = [dir];
  try {
    const findings = lintScenario(dir);
    const { outcome, logs } = await runStack(dir, ports.PORT);
    const fixes: (FixRun & { details?: readonly string[] })[] = [];
    for (const want of expected.wsconf.filter((f) => f.fix)) {
      const fixedDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `wsconf-scenario-${name}-fixed-`)));
      dirs.push(fixedDir);
      const applied = applyRuleFix(dir, fixedDir, want.rule);
      if (applied === 0) {
        fixes.push({ rule: want.rule, applied });
        continue;
      }
      const fixed = await runStack(fixedDir, ports.PORT);
      const stillReported = lintScenario(fixedDir).some((f) => f.rule === want.rule);
      fixes.push({ rule: want.rule, applied, outcome: fixed.outcome, stillReported, details: fixed.outcome.details });
    }
    const problems = compareRun(expected, { outcome, findings, fixes });
    return { name, description: expected.description, outcome, findings, fixes, problems, seconds: seconds(), ...(problems.length > 0 ? { logs } : {}) };
  } catch (error) {
    return { name, description: expected.description, findings: [], fixes: [], problems: [`harness: ${(error as Error).stack ?? String(error)}`], seconds: seconds() };
  } finally {
    for (const d of dirs) removeDir(d);
  }
}

function listScenarios(): string[] {
  return fs
    .readdirSync(ROOT, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(ROOT, e.name, 'expect.json')))
    .map((e) => e.name)
    .sort();
}

function version(command: string, args: string[], pattern: RegExp): string {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return pattern.exec(out)?.[1] ?? 'unknown';
}

function stackVersions(): Record<string, string> {
  return {
    nginx: version('/usr/sbin/nginx', ['-v'], /nginx\/(\S+)/),
    gunicorn: version('/usr/bin/gunicorn', ['--version'], /gunicorn \(version (\S+)\)/),
    uwsgi: version('/usr/bin/uwsgi', ['--version'], /^(\S+)/),
    'python-engineio': version('dpkg-query', ['-W', '-f=${Version}', 'python3-engineio'], /^(\S+)/),
    'flask-socketio': version('dpkg-query', ['-W', '-f=${Version}', 'python3-flask-socketio'], /^(\S+)/),
  };
}

function print(r: Result): void {
  const mark = r.problems.length === 0 ? 'ok  ' : 'FAIL';
  console.log(`${mark} ${r.name} (${r.seconds}s)`);
  if (r.outcome) console.log(`       real: ${r.outcome.details.join('; ')}`);
  const said = r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule} (${f.severity})`);
  console.log(`       wsconf: ${said.length > 0 ? said.join(', ') : 'no errors or warnings'}`);
  for (const fix of r.fixes) console.log(`       fix ${fix.rule}: ${fix.outcome ? (passes(fix.outcome) ? 'all checks pass' : 'still failing') : 'no fix'}${fix.details ? ` (${fix.details.join('; ')})` : ''}`);
  for (const p of r.problems) console.log(`    ✘ ${p}`);
  if (r.logs) console.log(r.logs.replace(/^/gm, '       | '));
}

async function main(): Promise<number> {
  if (process.env['WSCONF_SKIP_REAL_SERVERS'] === '1') {
    console.log('scenarios: skipped (WSCONF_SKIP_REAL_SERVERS=1)');
    return 0;
  }
  const filters = process.argv.slice(2);
  const all = listScenarios();
  const names = filters.length > 0 ? all.filter((n) => filters.some((f) => n.includes(f))) : all;
  if (names.length === 0) {
    console.error(`scenarios: none match ${filters.join(' ')}`);
    return 1;
  }
  const started = Date.now();
  const results: Result[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(JOBS, names.length) }, async () => {
      while (next < names.length) {
        const name = names[next++] as string;
        const result = await runScenario(name);
        print(result);
        results.push(result);
      }
    }),
  );
  results.sort((a, b) => (a.name < b.name ? -1 : 1));
  const wall = Math.round((Date.now() - started) / 1000);
  const failed = results.filter((r) => r.problems.length > 0);
  const fixesVerified = results.reduce((n, r) => n + r.fixes.filter((f) => f.outcome && passes(f.outcome) && !f.stillReported).length, 0);
  if (filters.length === 0) {
    const record = {
      note: 'Written by `npm run test:scenarios` (full runs only); rendered into README.md by `npm run docs:scenarios`.',
      stack: stackVersions(),
      wallSeconds: wall,
      scenarios: results.map((r) => ({
        name: r.name,
        description: r.description,
        passed: r.problems.length === 0,
        real: r.outcome ? { handshake: r.outcome.handshake, upgrade: r.outcome.upgrade, echo: r.outcome.echo, idle: r.outcome.idle, clients: r.outcome.clients } : null,
        details: r.outcome?.details ?? [],
        findings: r.findings.filter((f) => f.severity !== 'info').map((f) => ({ rule: f.rule, severity: f.severity, file: f.file, line: f.line })),
        fixes: r.fixes.map((f) => ({ rule: f.rule, verified: f.outcome !== undefined && passes(f.outcome) && f.stillReported !== true })),
        problems: r.problems,
      })),
    };
    fs.writeFileSync(path.join(ROOT, 'last-run.json'), `${JSON.stringify(record, null, 2)}\n`);
  }
  console.log(
    `scenarios: ${results.length - failed.length} passed, ${failed.length} failed of ${results.length}; ${fixesVerified} quick fixes verified on the real stack; ${wall}s wall time, ${JOBS} at a time`,
  );
  if (failed.length > 0) console.log(`failed: ${failed.map((r) => r.name).join(', ')}`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
