/**
 * gunicorn rule behaviour that depends on settings (target gunicorn / python-engineio
 * versions, wsconf.websocketApp), which a fixture folder with one config.json cannot show.
 */
import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import type { Settings } from '../../server/src/service/settings';
import type { Finding } from '../../server/src/service/types';
import { lintFiles } from '../support/lint-fixture';

const PATH = '/srv/app/gunicorn.conf.py';

function lint(ruleId: string, text: string, settings: Partial<Settings> = {}): Finding[] {
  return lintFiles(new Map([[PATH, text]]), PATH, { only: [ruleId], settings }).filter((f) => f.ruleId === ruleId);
}

const severities = (findings: readonly Finding[]) => findings.map((f) => f.severity);

suite('gunicorn rules and the target versions', () => {
  test('eventlet: info while unknown or before 25, warning on 25.x, error from 26', () => {
    const ID = 'gunicorn/eventlet-worker-deprecated-or-removed';
    const text = 'worker_class = "eventlet"\n';
    assert.deepEqual(severities(lint(ID, text)), ['info']);
    assert.deepEqual(severities(lint(ID, text, { gunicornVersion: '20.1.0' })), ['info']);
    assert.deepEqual(severities(lint(ID, text, { gunicornVersion: '25.1.0' })), ['warning']);
    const removed = lint(ID, text, { gunicornVersion: '26.1.0' });
    assert.deepEqual(severities(removed), ['error']);
    assert.match(removed[0]!.message, /gunicorn 26\.1\.0 has no eventlet worker/);
    assert.deepEqual(severities(lint(ID, 'worker_class = "gunicorn.workers.geventlet.EventletWorker"\n', { gunicornVersion: '26.0.0' })), ['error']);
  });

  test('unknown-setting: settings of other versions', () => {
    const ID = 'gunicorn/unknown-setting';
    const later = 'protocol = "uwsgi"\nheader_map = "drop"\n';
    assert.deepEqual(lint(ID, later), []);
    assert.deepEqual(lint(ID, later, { gunicornVersion: '20.1.0' }).map((f) => f.message), [
      '`protocol` exists only from gunicorn 24.0.0; gunicorn 20.1.0 ignores it without a warning.',
      '`header_map` exists only from gunicorn 22.0.0; gunicorn 20.1.0 ignores it without a warning.',
    ]);
    assert.deepEqual(lint(ID, later, { gunicornVersion: '24.0.0' }), []);
    assert.match(lint(ID, 'tolerate_dangerous_framing = True\n', { gunicornVersion: '23.0.0' })[0]!.message, /removed in gunicorn 23\.0\.0/);
    assert.deepEqual(lint(ID, 'tolerate_dangerous_framing = True\n', { gunicornVersion: '20.1.0' }), []);
  });

  test('unknown-worker-class: asgi only from 24.0.0', () => {
    const ID = 'gunicorn/unknown-worker-class';
    const text = 'worker_class = "asgi"\n';
    assert.deepEqual(lint(ID, text), []);
    assert.deepEqual(lint(ID, text, { gunicornVersion: '24.0.0' }), []);
    const old = lint(ID, text, { gunicornVersion: '20.1.0' });
    assert.equal(old.length, 1);
    assert.match(old[0]!.message, /exists only from gunicorn 24\.0\.0; gunicorn 20\.1\.0 will not start with it/);
    assert.deepEqual(old[0]!.fixes.map((f) => f.title), ['Use uvicorn.workers.UvicornWorker', 'Use uvicorn_worker.UvicornWorker']);
  });

  test('asgi-app-with-wsgi-worker offers gunicorn\'s own asgi worker first from 24.0.0', () => {
    const ID = 'gunicorn/asgi-app-with-wsgi-worker';
    const text = 'wsgi_app = "mysite.asgi:application"\nworker_class = "gthread"\n';
    assert.equal(lint(ID, text)[0]!.fixes[0]!.title, 'Use the uvicorn.workers.UvicornWorker worker');
    assert.equal(lint(ID, text, { gunicornVersion: '24.1.0' })[0]!.fixes[0]!.title, 'Use the asgi worker');
  });

  test('forwarded_allow_ips CIDR: a warning before 24.1.0, nothing from 24.1.0', () => {
    const ID = 'gunicorn/forwarded-allow-ips-remote-proxy';
    const text = 'bind = "unix:/run/app.sock"\nforwarded_allow_ips = "127.0.0.1,10.0.0.0/8"\n';
    assert.deepEqual(severities(lint(ID, text, { gunicornVersion: '20.1.0' })), ['warning']);
    assert.deepEqual(severities(lint(ID, text)), ['info']);
    assert.deepEqual(lint(ID, text, { gunicornVersion: '24.1.0' }), []);
  });

  test('gthread: a warning with Debian 12\'s versions, info otherwise', () => {
    const ID = 'gunicorn/gthread-websocket-needs-simple-websocket';
    const text = 'worker_class = "gthread"\nthreads = 10\n';
    assert.deepEqual(severities(lint(ID, text)), ['info']);
    assert.deepEqual(severities(lint(ID, text, { engineioVersion: '4.3.4' })), ['warning']);
    assert.deepEqual(severities(lint(ID, text, { gunicornVersion: '20.1.0' })), ['warning']);
  });

  test('plain gevent: a warning before python-engineio 4.7.1, info after', () => {
    const ID = 'gunicorn/gevent-worker-without-websocket-handler';
    const text = 'worker_class = "gevent"\n';
    assert.deepEqual(severities(lint(ID, text)), ['warning']);
    assert.deepEqual(severities(lint(ID, text, { engineioVersion: '4.3.4' })), ['warning']);
    assert.deepEqual(severities(lint(ID, text, { engineioVersion: '4.13.3' })), ['info']);
  });

  test('invalid-value leaves settings of later versions alone', () => {
    assert.deepEqual(lint('gunicorn/invalid-value', 'protocol = 5\nasgi_loop = 1\n'), []);
  });
});

suite('gunicorn rules and wsconf.websocketApp', () => {
  const SYNC = 'bind = "127.0.0.1:5000"\nworker_class = "sync"\n';

  test('"no" silences the WebSocket rules; "yes" makes a guess certain', () => {
    const ID = 'gunicorn/socketio-sync-worker';
    assert.deepEqual(severities(lint(ID, SYNC)), ['warning']);
    assert.deepEqual(severities(lint(ID, SYNC, { websocketApp: 'yes' })), ['error']);
    assert.deepEqual(lint(ID, SYNC, { websocketApp: 'no' }), []);
    assert.deepEqual(lint('gunicorn/socketio-multiple-workers', 'workers = 4\n', { websocketApp: 'no' }), []);
  });

  test('multiple workers without evidence: a warning and only a suggested fix', () => {
    const [finding] = lint('gunicorn/socketio-multiple-workers', 'workers = 4\n');
    assert.equal(finding!.severity, 'warning');
    assert.deepEqual(finding!.fixes.map((f) => f.kind), ['suggestion']);
    const [sure] = lint('gunicorn/socketio-multiple-workers', 'workers = 4\n', { websocketApp: 'yes' });
    assert.deepEqual(sure!.fixes.map((f) => f.kind), ['fix']);
  });

  test('evidence is code, not comments', () => {
    const ID = 'gunicorn/socketio-sync-worker';
    assert.deepEqual(severities(lint(ID, '# Flask-SocketIO app\n# worker_class = "eventlet"\nbind = "127.0.0.1:5000"\n')), ['warning']);
    assert.deepEqual(severities(lint(ID, 'import flask_socketio\nbind = "127.0.0.1:5000"\n')), ['error']);
    assert.deepEqual(severities(lint(ID, 'bind = "127.0.0.1:5000"\nproc_name = "chat-socketio"\n')), ['error']);
  });

  test('a worker_class that may come from a star import leaves the sync-worker rule silent', () => {
    assert.deepEqual(lint('gunicorn/socketio-sync-worker', 'from base_gunicorn import *\nbind = "127.0.0.1:5000"\n'), []);
  });
});
