// `npm run demo`: runs the built CLI on the bundled deployments in examples/ and shows what
// wsconf finds. The broken examples are meant to have findings, so the CLI's exit code 1 is
// expected here; the demo fails only when the CLI crashes or usage is wrong (exit 2), or when
// examples/flask-socketio-fixed (the known-good configuration) is not clean.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'server', 'out', 'cli.js');
if (!existsSync(cli)) {
  console.error(`demo: ${cli} is missing; run "npm run build" first (npm run demo does).`);
  process.exit(1);
}

function wsconf(args, options = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  return result;
}

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const rule = '-'.repeat(78);

console.log(rule);
console.log('$ wsconf check examples');
console.log(rule);
const all = wsconf(['check', 'examples', ...(useColor ? ['--color'] : [])]);
process.stdout.write(all.stdout);
process.stderr.write(all.stderr);
console.log(`(exit code ${all.status}: ${all.status === 1 ? 'error-level findings, as expected for the broken examples' : all.status === 0 ? 'no error-level finding' : 'failure'})`);

let failed = false;
if (all.status !== 0 && all.status !== 1) {
  console.error(`demo: the CLI failed with exit code ${all.status}${all.signal ? ` (signal ${all.signal})` : ''}`);
  failed = true;
}

// The known-good configuration must stay clean, at every severity.
const fixed = wsconf(['check', 'examples/flask-socketio-fixed', '--format', 'json']);
let fixedFindings;
try {
  fixedFindings = JSON.parse(fixed.stdout).findings;
} catch {
  console.error(`demo: could not read the JSON output for examples/flask-socketio-fixed (exit ${fixed.status}):\n${fixed.stdout}${fixed.stderr}`);
  failed = true;
}
if (fixedFindings && fixedFindings.length > 0) {
  console.error(`demo: examples/flask-socketio-fixed must have no findings, but has ${fixedFindings.length}:`);
  for (const f of fixedFindings) console.error(`  ${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId}: ${f.message}`);
  failed = true;
}

// The cross-file examples must show the finding they are about.
for (const [example, ruleId] of [['gunicorn-port-mismatch', 'cross/upstream-unreachable'], ['uwsgi-protocol-mismatch', 'cross/protocol-mismatch']]) {
  const run = wsconf(['check', `examples/${example}`, '--format', 'json']);
  let ids = [];
  try {
    ids = JSON.parse(run.stdout).findings.map((f) => f.ruleId);
  } catch {
    // reported below
  }
  if (!ids.includes(ruleId)) {
    console.error(`demo: examples/${example} should report ${ruleId} (exit ${run.status}):\n${run.stdout}${run.stderr}`);
    failed = true;
  }
}

// The broken example should demonstrate the WebSocket rules.
const broken = wsconf(['check', 'examples/flask-socketio-broken', '--format', 'json']);
if (broken.status === 2) {
  console.error(`demo: the CLI failed on examples/flask-socketio-broken:\n${broken.stderr}`);
  failed = true;
} else {
  const ids = [...new Set(JSON.parse(broken.stdout).findings.map((f) => f.ruleId))].sort();
  console.log(rule);
  console.log(`examples/flask-socketio-broken: ${ids.length} different rules fired (${ids.join(', ') || 'none'})`);
  if (fixedFindings) console.log(`examples/flask-socketio-fixed:  ${fixedFindings.length === 0 ? 'clean, as it should be' : `${fixedFindings.length} findings`}`);
  console.log('Next: node server/out/cli.js check examples --format json   (machine-readable)');
  console.log('      node server/out/cli.js --help');
  console.log(rule);
}

process.exit(failed ? 1 : 0);
