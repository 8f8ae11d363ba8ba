/**
 * The comparison behind the real-stack scenario suite (test/scenarios/run.ts), without servers:
 * a recorded run checked against a right and against deliberately wrong expectations, and every
 * scenario's expect.json checked for shape and for rule ids that exist.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../server/src/service/lint/rules';
import { compareRun, validateExpectation, type Expectation, type ScenarioRun } from '../support/scenarios/compare';

/** What nginx-missing-upgrade really did: the upgrade request answered as a long-poll, the client hung. */
const recorded: ScenarioRun = {
  outcome: { handshake: true, upgrade: false, echo: false, idle: false, clients: true },
  findings: [{ rule: 'nginx/ws-missing-upgrade-header', severity: 'error', file: 'nginx.conf', line: 23 }],
  fixes: [{ rule: 'nginx/ws-missing-upgrade-header', applied: 1, outcome: { handshake: true, upgrade: true, echo: true, idle: true, clients: true }, stillReported: false }],
};
const right: Expectation = {
  description: 'No proxy_set_header Upgrade.',
  real: { handshake: true, upgrade: false, echo: false, idle: false, clients: true },
  wsconf: [{ rule: 'nginx/ws-missing-upgrade-header', severity: 'error', fix: true }],
};

describe('scenario comparison', () => {
  it('accepts a run that matches its expectation', () => {
    assert.deepEqual(compareRun(right, recorded), []);
  });

  it('fails when the expectation is wrong about the real stack', () => {
    const wrong = { ...right, real: { ...right.real, upgrade: true } };
    assert.deepEqual(compareRun(wrong, recorded), ['real stack: upgrade was failing, expected ok']);
  });

  it('does not compare a check whose expectation is null', () => {
    const loose = { ...right, real: { ...right.real, upgrade: null } };
    assert.deepEqual(compareRun(loose, recorded), []);
  });

  it('fails when the expected rule, severity or fix does not hold', () => {
    assert.match(compareRun({ ...right, wsconf: [{ rule: 'nginx/ws-read-timeout', severity: 'error' }] }, recorded).join('\n'), /expected nginx\/ws-read-timeout \(error\), not reported/);
    assert.match(compareRun({ ...right, wsconf: [{ rule: 'nginx/ws-missing-upgrade-header', severity: 'warning' }] }, recorded).join('\n'), /reported as error, expected warning/);
    const brokenFix: ScenarioRun = { ...recorded, fixes: [{ ...recorded.fixes[0]!, outcome: { ...recorded.outcome } }] };
    assert.match(compareRun(right, brokenFix).join('\n'), /after nginx\/ws-missing-upgrade-header's quick fix the stack still fails \(upgrade, echo, idle\)/);
    assert.match(compareRun(right, { ...recorded, fixes: [{ ...recorded.fixes[0]!, stillReported: true }] }).join('\n'), /still reported after its own quick fix/);
    assert.match(compareRun(right, { ...recorded, fixes: [] }).join('\n'), /quick fix was not tried/);
  });

  it('reports an error finding the expectation does not list, and any error on a working stack', () => {
    const works: ScenarioRun = { outcome: { handshake: true, upgrade: true, echo: true, idle: true, clients: true }, findings: [{ rule: 'nginx/ws-http-version', severity: 'error' }], fixes: [] };
    const expectation: Expectation = { description: 'works', real: works.outcome, wsconf: [] };
    assert.deepEqual(compareRun(expectation, works), [
      'wsconf: unexpected error nginx/ws-http-version',
      'false alarm: the stack works but wsconf reports nginx/ws-http-version as an error',
    ]);
    // Listing the error in the expectation does not make a false alarm acceptable.
    const excused = { ...expectation, wsconf: [{ rule: 'nginx/ws-http-version', severity: 'error' as const }] };
    assert.deepEqual(compareRun(excused, works), ['false alarm: the stack works but wsconf reports nginx/ws-http-version as an error']);
  });

  it('reports a miss: a failing stack without an error or warning, or every client failing without an error', () => {
    const failing: ScenarioRun = { outcome: { handshake: false, upgrade: false, echo: false, idle: false, clients: false }, findings: [{ rule: 'nginx/ws-http-version', severity: 'warning' }], fixes: [] };
    const expectation: Expectation = { description: 'fails', real: failing.outcome, wsconf: [{ rule: 'nginx/ws-http-version', severity: 'warning' }] };
    assert.deepEqual(compareRun(expectation, failing), ['miss: every client fails but wsconf reports no error']);
    // A stated reason lets a warning stand for a total failure; the warning itself is still required.
    assert.deepEqual(compareRun({ ...expectation, warningOnly: 'the public port is not in the files' }, failing), []);
    assert.deepEqual(compareRun({ ...expectation, wsconf: [] }, { ...failing, findings: [] }), [
      'miss: the stack fails but wsconf reports no error or warning',
      'miss: every client fails but wsconf reports no error',
    ]);
  });

  it('validates the shape of an expectation', () => {
    assert.deepEqual(validateExpectation(right), []);
    assert.deepEqual(validateExpectation({ description: '', real: { handshake: 'yes' }, wsconf: [{ rule: 1, severity: 'fatal' }] }), [
      '"description" must be a non-empty string',
      '"real.handshake" must be true, false or null',
      '"real.upgrade" must be true, false or null',
      '"real.echo" must be true, false or null',
      '"real.idle" must be true, false or null',
      '"real.clients" must be true, false or null',
      '"wsconf[0].rule" must be a rule id',
      '"wsconf[0].severity" must be error, warning or info',
    ]);
  });
});

describe('scenario folders', () => {
  const root = resolve(__dirname, '../../../test/scenarios');
  const ruleIds = new Set<string>(ALL_RULES.map((r) => r.id));
  const folders = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'app');
  it('exist', () => assert.ok(folders.length >= 20, `only ${folders.length} scenarios`));
  for (const folder of folders) {
    it(`${folder.name}: expect.json is valid, names existing rules, and the folder has an nginx.conf and an app server config`, () => {
      const dir = join(root, folder.name);
      const expectation = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as Expectation;
      assert.deepEqual(validateExpectation(expectation), []);
      for (const f of expectation.wsconf) assert.ok(ruleIds.has(f.rule), `unknown rule ${f.rule}`);
      assert.ok(existsSync(join(dir, 'nginx.conf')));
      assert.ok(readdirSync(dir).some((n) => /^gunicorn.*\.py$|uwsgi.*\.ini$/.test(n)), 'no gunicorn or uWSGI config');
    });
  }
});
