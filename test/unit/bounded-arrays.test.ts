/**
 * Arrays that grow with the input are never spread into a call (`Math.max(...xs)`,
 * `push(...xs)`): V8 passes each item as an argument, and some hundred thousand of them throw
 * "Maximum call stack size exceeded". These feed such arrays through the functions that used to
 * spread them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NginxModel } from '../../server/src/service/languages/nginx/model';
import { applyFixGroups } from '../../server/src/service/text/apply-edits';
import { assignApps } from '../../server/src/service/workspace/links';
import type { AppConfig } from '../../server/src/service/workspace/workspace';
import { lintWorkspace, type WorkspaceRule } from '../../server/src/service/lint/workspace-rule';
import { createWorkspace } from '../../server/src/service/workspace/workspace';
import { resolveSettings } from '../../server/src/service/settings';

const MANY = 300_000;

test('assignApps picks the nearest of a few hundred thousand nginx roots', () => {
  const models = Array.from({ length: MANY }, (_, i) => ({ main: { path: `/srv/site${i}/nginx.conf` } }) as unknown as NginxModel);
  const app = { kind: 'gunicorn', path: `/srv/site${MANY - 1}/gunicorn.conf.py` } as unknown as AppConfig;
  const assigned = assignApps(models, [app]);
  const owners = [...assigned].filter(([, apps]) => apps.length > 0).map(([m]) => m.main.path);
  assert.deepEqual(owners, [`/srv/site${MANY - 1}/nginx.conf`]);
});

test('applyFixGroups takes a fix of a few hundred thousand edits', () => {
  const text = 'x'.repeat(MANY);
  const group = Array.from({ length: MANY }, (_, i) => ({ start: i, end: i + 1, text: 'y' }));
  const result = applyFixGroups(text, [group]);
  assert.equal(result.applied, 1);
  assert.equal(result.text, 'y'.repeat(MANY));
});

test('a cross-file rule may report a few hundred thousand findings on one file', () => {
  const rule: WorkspaceRule = {
    id: 'cross/test-many',
    meta: { description: 'Test.', severity: 'info', failure: 'none' },
    messages: { many: 'finding {{i}}' },
    check(context) {
      for (let i = 0; i < MANY; i++) context.report({ file: '/w/nginx.conf', span: { start: i, end: i + 1 }, messageId: 'many', data: { i } });
    },
  };
  const findings = lintWorkspace(createWorkspace([], []), [rule], resolveSettings());
  assert.equal(findings.length, MANY);
});
