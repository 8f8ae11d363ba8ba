/**
 * The deployment model at the service boundary: links between nginx targets and app
 * listeners (with the directive, option and protocol of each end), hover and go-to-definition
 * across files, which findings lint(paths) reports with workspace files, and the link
 * evidence that makes the per-file gunicorn/uWSGI rules treat an app as a WebSocket app.
 */
import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import { createLanguageService } from '../../server/src/service';
import { formatEndpoint } from '../../server/src/service/workspace/endpoints';
import { createMemoryHost } from '../support/memory-host';

const NGINX = '/srv/deploy/nginx.conf';
const GUNICORN = '/srv/chat/gunicorn.conf.py';
const UWSGI = '/srv/legacy/uwsgi.ini';

const FILES = new Map([
  [
    NGINX,
    [
      'events {}',
      'http {',
      '    upstream chat { server 127.0.0.1:5000; }',
      '    server {',
      '        listen 80;',
      '        location /socket.io/ { proxy_pass http://chat; }',
      '        location /legacy/ { include uwsgi_params; uwsgi_pass 127.0.0.1:3031; }',
      '        location /http-to-uwsgi/ { proxy_pass http://127.0.0.1:3031; }',
      '    }',
      '}',
      '',
    ].join('\n'),
  ],
  [GUNICORN, 'bind = "0.0.0.0:5000"\nworkers = 1\nworker_class = "eventlet"\n'],
  [UWSGI, '[uwsgi]\nsocket = :3031\ngevent = 100\n'],
]);

function service(files: ReadonlyMap<string, string> = FILES) {
  return createLanguageService({ host: createMemoryHost(files) });
}

const at = (path: string, needle: string, files: ReadonlyMap<string, string> = FILES) => files.get(path)!.indexOf(needle) + 1;

suite('workspace model', () => {
  test('links each nginx target to the listener it reaches, with both protocols and origins', () => {
    const ws = service().workspace([NGINX, GUNICORN, UWSGI]);
    assert.deepEqual(
      ws.listeners.map((l) => `${l.app.kind} ${l.option} ${formatEndpoint(l.endpoint)} ${l.protocol}${l.implicit ? ' implicit' : ''}`),
      ['gunicorn bind 0.0.0.0:5000 http', 'uwsgi socket 0.0.0.0:3031 uwsgi'],
    );
    assert.deepEqual(
      ws.links.map((l) => `${l.target.via} ${l.target.address} (${l.target.protocol}) -> ${l.listener.app.path} ${l.listener.option} ${l.protocolMatches ? 'ok' : 'MISMATCH'}`),
      [
        `server 127.0.0.1:5000 (http) -> ${GUNICORN} bind ok`,
        `uwsgi_pass 127.0.0.1:3031 (uwsgi) -> ${UWSGI} socket ok`,
        `proxy_pass 127.0.0.1:3031 (http) -> ${UWSGI} socket MISMATCH`,
      ],
    );
  });

  test("gunicorn's default bind and Debian's apps-enabled socket are implicit listeners", () => {
    const files = new Map([
      ['/srv/a/gunicorn.conf.py', 'workers = 1\n'],
      ['/etc/uwsgi/apps-enabled/chat.ini', '[uwsgi]\nmodule = chat:app\n'],
    ]);
    const ws = service(files).workspace([...files.keys()]);
    assert.deepEqual(
      ws.listeners.map((l) => `${formatEndpoint(l.endpoint)} ${l.protocol} ${l.implicit}`),
      ['unix:/run/uwsgi/app/chat/socket uwsgi true', '127.0.0.1:8000 http true'],
    );
  });

  test('hover on an nginx target shows the app config; hover on a bind shows the nginx locations', () => {
    const s = service();
    s.setWorkspaceFiles([GUNICORN, UWSGI]);
    const onTarget = s.hover(NGINX, at(NGINX, '127.0.0.1:5000'));
    assert.match((onTarget!.contents as { value: string }).value, /gunicorn `gunicorn\.conf\.py:1 \(bind 0\.0\.0\.0:5000, HTTP\)`, worker eventlet, workers 1/);
    const mismatch = s.hover(NGINX, at(NGINX, 'http://127.0.0.1:3031') + 7);
    assert.match((mismatch!.contents as { value: string }).value, /protocol mismatch/);
    s.setWorkspaceFiles([NGINX, UWSGI]);
    const onBind = s.hover(GUNICORN, at(GUNICORN, '0.0.0.0'));
    assert.match((onBind!.contents as { value: string }).value, /← nginx nginx\.conf:3 \(upstream `chat`, `location \/socket\.io\/`\), HTTP/);
  });

  test('go to definition from an nginx target to the listener, and back', () => {
    const s = service();
    s.setWorkspaceFiles([GUNICORN, UWSGI]);
    const [forward] = s.definition(NGINX, at(NGINX, '127.0.0.1:5000'));
    assert.equal(forward!.file, GUNICORN);
    assert.equal(FILES.get(GUNICORN)!.slice(forward!.selection.start, forward!.selection.end), '"0.0.0.0:5000"');
    s.setWorkspaceFiles([NGINX]);
    const [back] = s.definition(GUNICORN, at(GUNICORN, '0.0.0.0'));
    assert.equal(back!.file, NGINX);
    assert.equal(FILES.get(NGINX)!.slice(back!.selection.start, back!.selection.end), '127.0.0.1:5000');
  });

  test('lint(paths) runs the cross rules with the workspace files and reports what concerns the paths', () => {
    const s = service();
    s.setWorkspaceFiles([NGINX, GUNICORN, UWSGI]);
    const fromNginx = s.lint([NGINX]);
    assert.ok(fromNginx.findings.some((f) => f.ruleId === 'cross/protocol-mismatch' && f.file === NGINX));
    assert.ok(fromNginx.files.has(GUNICORN) && fromNginx.files.has(UWSGI), 'the app configs are dependencies of nginx.conf');
    // The ini is the other end of the mismatch: linting it alone reports the nginx-side finding too.
    const fromIni = s.lint([UWSGI]);
    const mismatch = fromIni.findings.find((f) => f.ruleId === 'cross/protocol-mismatch');
    assert.equal(mismatch?.file, NGINX);
    assert.equal(mismatch?.related?.[0]?.file, UWSGI);
    // The gunicorn file has nothing to do with that mismatch.
    assert.ok(!s.lint([GUNICORN]).findings.some((f) => f.ruleId.startsWith('cross/')));
  });

  test('a linked nginx Socket.IO location makes the gunicorn app a Socket.IO app for the per-file rules', () => {
    const files = new Map(FILES).set(GUNICORN, 'bind = "127.0.0.1:5000"\nworkers = 3\n');
    const alone = createLanguageService({ host: createMemoryHost(files) });
    const before = alone.lint([GUNICORN]).findings.find((f) => f.ruleId === 'gunicorn/socketio-multiple-workers');
    assert.equal(before?.severity, 'warning', 'without the link: only a guess');
    const linked = createLanguageService({ host: createMemoryHost(files) });
    linked.setWorkspaceFiles([NGINX]);
    const findings = linked.lint([GUNICORN]).findings;
    assert.equal(findings.find((f) => f.ruleId === 'gunicorn/socketio-multiple-workers')?.severity, 'error');
    assert.equal(findings.find((f) => f.ruleId === 'gunicorn/socketio-sync-worker')?.severity, 'error');
    assert.ok(findings.some((f) => f.ruleId === 'cross/socketio-multiple-workers' && f.file === NGINX));
  });
});
