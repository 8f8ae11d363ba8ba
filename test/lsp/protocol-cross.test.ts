/**
 * Protocol test for the deployment model: the server scans the workspace folder at start-up,
 * and editing gunicorn.conf.py republishes the diagnostics of the nginx.conf linked to it
 * (cross/upstream-unreachable appears when the bind moves away, and disappears when it comes
 * back). Hover and go-to-definition go from the nginx address to the gunicorn bind. Every
 * wait is on a notification, no sleeps.
 */
import assert from 'node:assert/strict';
import { after, suite, test } from 'node:test';
import type { Hover, Location } from 'vscode-languageserver/node';
import { FULL_CAPABILITIES, hasRule, lacksRule, TestClient } from '../support/lsp-test-client';

const NGINX = [
  'events {}',
  'http {',
  '    upstream chat {',
  '        server 127.0.0.1:5000;',
  '    }',
  '    server {',
  '        listen 80;',
  '        location /socket.io/ {',
  '            proxy_http_version 1.1;',
  '            proxy_set_header Upgrade $http_upgrade;',
  '            proxy_set_header Connection "upgrade";',
  '            proxy_set_header Host $host;',
  '            proxy_pass http://chat;',
  '        }',
  '    }',
  '}',
  '',
].join('\n');
const GUNICORN = 'bind = "127.0.0.1:5000"\nworker_class = "eventlet"\nworkers = 1\n';

suite('LSP protocol: nginx.conf linked to gunicorn.conf.py', () => {
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.close();
  });

  test('changing the bind in gunicorn.conf.py makes the nginx diagnostic appear, and changing it back removes it', async () => {
    const c = new TestClient();
    clients.push(c);
    c.write('nginx.conf', NGINX);
    c.write('gunicorn.conf.py', GUNICORN);
    await c.initialize();
    await c.open('nginx.conf', NGINX);
    await c.open('gunicorn.conf.py', GUNICORN, 'python');
    await c.diagnostics('gunicorn.conf.py', () => true, 'the first gunicorn diagnostics');
    await c.diagnostics('nginx.conf', lacksRule('cross/upstream-unreachable'), 'nginx diagnostics without the cross-file finding');

    await c.change('gunicorn.conf.py', GUNICORN.replace('5000', '5001'));
    const broken = await c.diagnostics('nginx.conf', hasRule('cross/upstream-unreachable'), 'the cross-file finding');
    const finding = broken.find((d) => d.code === 'cross/upstream-unreachable')!;
    assert.equal(finding.severity, 1);
    assert.deepEqual(finding.range, { start: { line: 3, character: 15 }, end: { line: 3, character: 29 } });
    assert.match(String(finding.message), /127\.0\.0\.1:5000.*gunicorn\.conf\.py:1 \(bind 127\.0\.0\.1:5001, HTTP\)/);
    assert.equal(finding.relatedInformation?.[0]?.location.uri, c.uri('gunicorn.conf.py'));

    await c.change('gunicorn.conf.py', GUNICORN);
    await c.diagnostics('nginx.conf', lacksRule('cross/upstream-unreachable'), 'the finding gone again');
  });

  test('hover and go-to-definition from the nginx address to the gunicorn bind', async () => {
    const c = new TestClient();
    clients.push(c);
    c.write('nginx.conf', NGINX);
    c.write('gunicorn.conf.py', GUNICORN);
    await c.initialize();
    await c.open('nginx.conf', NGINX);
    await c.diagnostics('nginx.conf', () => true, 'the first nginx diagnostics');
    const position = { line: 3, character: 18 };
    const hover = await c.request<Hover>('textDocument/hover', { textDocument: { uri: c.uri('nginx.conf') }, position });
    assert.match((hover.contents as { value: string }).value, /gunicorn\.conf\.py:1 \(bind 127\.0\.0\.1:5000, HTTP\)`, worker eventlet, workers 1/);
    const locations = await c.request<Location[]>('textDocument/definition', { textDocument: { uri: c.uri('nginx.conf') }, position });
    assert.deepEqual(locations, [{ uri: c.uri('gunicorn.conf.py'), range: { start: { line: 0, character: 7 }, end: { line: 0, character: 23 } } }]);
  });

  test('the folder scan uses the configured gunicorn globs (editor settings, then .wsconf.json)', async () => {
    const CUSTOM = 'deploy/app_settings.py';
    const broken = GUNICORN.replace('5000', '5001');
    const start = async (config: unknown, project?: unknown) => {
      const c = new TestClient();
      clients.push(c);
      c.config = config;
      c.write('nginx.conf', NGINX);
      c.write(CUSTOM, broken);
      if (project !== undefined) c.write('.wsconf.json', JSON.stringify(project));
      await c.initialize();
      await c.open('nginx.conf', NGINX);
      return c;
    };
    // With the default globs deploy/app_settings.py is not a gunicorn config: nothing links to it.
    const plain = await start({});
    const first = await plain.diagnostics('nginx.conf', () => true, 'the first nginx diagnostics');
    assert.ok(!first.some((d) => d.code === 'cross/upstream-unreachable'), JSON.stringify(first.map((d) => d.code)));

    const editor = await start({ files: { gunicorn: ['**/deploy/app_settings.py'] } });
    const found = await editor.diagnostics('nginx.conf', hasRule('cross/upstream-unreachable'), 'the finding against the custom-named config');
    assert.match(String(found.find((d) => d.code === 'cross/upstream-unreachable')!.message), /app_settings\.py:1 \(bind 127\.0\.0\.1:5001/);
    // The custom-named file opened as Python is linted as a gunicorn config.
    await editor.open(CUSTOM, broken, 'python');
    await editor.diagnostics(CUSTOM, hasRule('gunicorn/eventlet-worker-deprecated-or-removed'), 'gunicorn diagnostics on the custom-named file');

    const project = await start({}, { files: { gunicorn: ['**/deploy/*.py'] } });
    await project.diagnostics('nginx.conf', hasRule('cross/upstream-unreachable'), 'the finding with globs from .wsconf.json');
  });

  test('the configured globs are also watched, so a new or renamed config is picked up', async () => {
    const c = new TestClient({ ...FULL_CAPABILITIES, workspace: { ...FULL_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } } });
    clients.push(c);
    c.config = { files: { gunicorn: ['**/deploy/app_settings.py'], uwsgi: ['**/ops/*.ini'] } };
    await c.initialize();
    const registration = await c.registration('workspace/didChangeWatchedFiles');
    const globs = (registration.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    for (const glob of ['**/deploy/app_settings.py', '**/ops/*.ini', '**/gunicorn*.py', '**/*.conf']) assert.ok(globs.includes(glob), `${glob} in ${JSON.stringify(globs)}`);
  });
});
