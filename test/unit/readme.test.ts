/**
 * Keeps the documentation honest: the rule table in README.md and the pages under docs/rules/
 * must match the rule registry (scripts/gen-readme-rules.mjs --check), and the README's two
 * commands are the ones the project really uses (`.ci/run` runs the documented test command).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { ALL_RULES } from '../../server/src/service/lint/rules';

function findRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'scripts'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`repository root not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

const ROOT = findRoot();

test('README.md rule table and docs/rules/ pages are generated from the current registry', () => {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'gen-readme-rules.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
});

test('every rule page exists and the README links it', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const rule of ALL_RULES) {
    assert.ok(existsSync(join(ROOT, 'docs', 'rules', `${rule.id}.md`)), `docs/rules/${rule.id}.md`);
    assert.ok(readme.includes(`(docs/rules/${rule.id}.md)`), `README links ${rule.id}`);
  }
});

test('the README documents the setup and test commands, and CI runs exactly the test command', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes('npm ci && npm run demo'), 'README gives the one-line quick start');
  assert.match(readme, /```sh\nnpm test\n```/, 'README gives the test command');
  const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
  const commands = ci.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  assert.ok(ci.startsWith('#!/usr/bin/env bash\n'), '.ci/run is a bash script');
  assert.ok(commands.includes('set -euo pipefail'));
  assert.ok(commands.includes('npm ci'));
  assert.equal(commands[commands.length - 1], 'npm test', '.ci/run ends with the README test command');
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.match(`${scripts['pretest'] ?? ''} ${scripts['test'] ?? ''}`, /ensure-system-deps\.sh nginx/, 'npm test installs nginx when missing');
  assert.match(scripts['demo'] ?? '', /scripts\/demo\.mjs/);
});
