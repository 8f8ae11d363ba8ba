#!/usr/bin/env node
// Regenerates test/fixtures/corpus/nginx/expectations.json by running the real nginx
// (`nginx -t`) on every case of the corpus, so the file states what nginx really does.
//
//   node scripts/record-nginx-corpus.mjs            # rewrite expectations.json
//   node scripts/record-nginx-corpus.mjs --check    # compare only; exit 1 on any difference
//   node scripts/record-nginx-corpus.mjs CASE...    # (re)record only these cases
//
// Each entry: { "nginx": "accept"|"reject", "message"?: nginx's normalised output }, recorded
// here, plus two optional hand-written fields that this script keeps as they are:
//   "wsconf": "accept"|"reject" and "reason": "..." -- a deliberate, documented disagreement
//   (e.g. nginx's verdict depends on DNS, which a linter cannot know), used by the test instead
//   of the nginx verdict.
//
// The expectations are recorded with Debian 12's nginx 1.22.1 (scripts/ensure-system-deps.sh
// nginx); recording with another version prints a warning, since messages and verdicts change
// between versions.
//
// No build step: test/support/real-nginx.ts (node built-ins only) is transpiled in memory
// with the project's TypeScript, so the test and this script share one implementation.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXPECTED_NGINX = '1.22.1';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = join(root, 'test/fixtures/corpus/nginx');
const expectationsFile = join(corpusDir, 'expectations.json');
const require = createRequire(import.meta.url);

function loadRealNginx() {
  const ts = require('typescript');
  const file = join(root, 'test/support/real-nginx.ts');
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: file,
  });
  const mod = { exports: {} };
  const fn = new Function('exports', 'require', 'module', '__filename', '__dirname', outputText);
  fn(mod.exports, require, mod, file, dirname(file));
  return mod.exports;
}

const args = process.argv.slice(2);
const check = args.includes('--check');
const only = args.filter((a) => !a.startsWith('--'));

const real = loadRealNginx();
const binary = real.nginxBinary();
if (!binary) {
  console.error(`record-nginx-corpus: ${real.NGINX_INSTALL_HINT}`);
  process.exit(1);
}
const version = real.nginxVersion(binary);
if (version !== EXPECTED_NGINX) {
  console.warn(
    `record-nginx-corpus: warning: ${binary} is nginx ${version ?? '(unknown)'}, the corpus is recorded with ${EXPECTED_NGINX}`,
  );
}

const cases = real.listCorpusCases(corpusDir);
for (const name of only) {
  if (!cases.includes(name)) {
    console.error(`record-nginx-corpus: no such case: ${name}`);
    process.exit(2);
  }
}
const old = existsSync(expectationsFile) ? JSON.parse(readFileSync(expectationsFile, 'utf8')) : {};
const next = {};
const differences = [];
for (const name of cases) {
  if (only.length > 0 && !only.includes(name)) {
    if (old[name]) next[name] = old[name];
    continue;
  }
  const r = real.nginxTest(join(corpusDir, name), { binary });
  const entry = { nginx: r.accepted ? 'accept' : 'reject' };
  if (r.output) entry.message = r.output;
  const recorded = { ...entry };
  if (old[name]?.wsconf !== undefined) entry.wsconf = old[name].wsconf;
  if (old[name]?.reason !== undefined) entry.reason = old[name].reason;
  next[name] = entry;
  const mark = r.accepted ? 'accept' : 'REJECT';
  console.log(`${mark.padEnd(6)}  ${name.padEnd(36)} ${r.output.split('\n').join(' | ')}`);
  const before = old[name] ? { nginx: old[name].nginx, ...(old[name].message !== undefined ? { message: old[name].message } : {}) } : undefined;
  if (JSON.stringify(before) !== JSON.stringify(recorded)) {
    differences.push(`${name}: ${JSON.stringify(before)} -> ${JSON.stringify(recorded)}`);
  }
}
for (const name of Object.keys(old)) {
  if (!cases.includes(name)) differences.push(`${name}: stale entry (the case folder is gone)`);
}

const accepted = Object.values(next).filter((e) => e.nginx === 'accept').length;
console.log(
  `\n${cases.length} cases (${accepted} accepted, ${cases.length - accepted} rejected) by ${binary} (nginx ${version}, isolation: ${real.nginxIsolation()})`,
);

if (check) {
  if (differences.length > 0) {
    console.error(`record-nginx-corpus: expectations.json differs from real nginx:\n  ${differences.join('\n  ')}`);
    process.exit(1);
  }
  console.log('expectations.json agrees with real nginx');
} else {
  writeFileSync(expectationsFile, `${JSON.stringify(next, null, 2)}\n`);
  console.log(`wrote ${expectationsFile}${differences.length ? ` (${differences.length} changed)` : ' (unchanged)'}`);
}
