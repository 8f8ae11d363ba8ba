/** Table-driven: every address form the three config languages use, and which ones meet. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatEndpoint,
  nearestListener,
  parseGunicornBind,
  parseNginxAddress,
  parseUwsgiSocket,
  reaches,
  type Endpoint,
} from '../../server/src/service/workspace/endpoints';

const show = (e: Endpoint | undefined) => (e ? formatEndpoint(e) + (e.kind === 'tcp' && e.wildcard ? ' (all)' : '') : 'undefined');

test('gunicorn bind forms', () => {
  const table: [string, string][] = [
    ['127.0.0.1:8000', '127.0.0.1:8000'],
    ['0.0.0.0:5000', '0.0.0.0:5000 (all)'],
    [':5000', '0.0.0.0:5000 (all)'],
    ['localhost', 'localhost:8000'],
    ['[::]:8000', '0.0.0.0:8000 (all)'],
    ['[::1]:8000', '[::1]:8000'],
    ['unix:/run/gunicorn.sock', 'unix:/run/gunicorn.sock'],
    ['unix:///run/gunicorn.sock', 'unix:/run/gunicorn.sock'],
    ['fd://3', 'fd://3'],
    ['tcp://127.0.0.1:9000', '127.0.0.1:9000'],
    ['host:port', 'undefined'],
  ];
  for (const [input, expected] of table) assert.equal(show(parseGunicornBind(input)), expected, input);
});

test('uWSGI socket forms', () => {
  const table: [string, string][] = [
    [':3031', '0.0.0.0:3031 (all)'],
    ['127.0.0.1:3031', '127.0.0.1:3031'],
    ['0.0.0.0:5000', '0.0.0.0:5000 (all)'],
    ['/run/uwsgi/app/myapp/socket', 'unix:/run/uwsgi/app/myapp/socket'],
    ['/tmp/app.sock', 'unix:/tmp/app.sock'],
    ['@myapp', 'unix:@myapp'],
    ['[::1]:3031', '[::1]:3031'],
    ['%(chdir)/app.sock', 'undefined'],
    ['$(PORT)', 'undefined'],
  ];
  for (const [input, expected] of table) assert.equal(show(parseUwsgiSocket(input)), expected, input);
});

test('nginx target forms', () => {
  const table: [string, number | undefined, string][] = [
    ['127.0.0.1:8000', 80, '127.0.0.1:8000'],
    ['127.0.0.1', 80, '127.0.0.1:80'],
    ['localhost:5000', 80, 'localhost:5000'],
    ['[::1]:5000', 80, '[::1]:5000'],
    ['unix:/run/gunicorn.sock', 80, 'unix:/run/gunicorn.sock'],
    ['unix:/run/gunicorn.sock:/socket.io', 80, 'unix:/run/gunicorn.sock'],
    ['socketio_nodes', 80, 'undefined'],
    ['app.internal:8000', 80, 'undefined'],
    ['$backend', 80, 'undefined'],
    ['127.0.0.1', undefined, 'undefined'],
  ];
  for (const [input, port, expected] of table) assert.equal(show(parseNginxAddress(input, port)), expected, input);
});

test('which targets reach which listeners', () => {
  const table: [string, string, boolean][] = [
    ['127.0.0.1:8000', '127.0.0.1:8000', true],
    ['127.0.0.1:8001', '127.0.0.1:8000', false],
    ['127.0.0.1:8000', '0.0.0.0:8000', true],
    ['localhost:8000', '0.0.0.0:8000', true],
    ['localhost:8000', '127.0.0.1:8000', true],
    ['127.0.0.1:8000', 'localhost:8000', true],
    ['[::1]:8000', '127.0.0.1:8000', false],
    ['10.0.0.5:8000', '127.0.0.1:8000', false],
    ['unix:/run/a.sock', 'unix:/run/a.sock', true],
    ['unix:/run/a.sock', 'unix:/run/b.sock', false],
    ['unix:/run/a.sock', '127.0.0.1:80', false],
  ];
  for (const [target, listener, expected] of table) {
    const t = parseNginxAddress(target, 80)!;
    const l = parseGunicornBind(listener)!;
    assert.equal(reaches(t, l), expected, `${target} -> ${listener}`);
  }
});

test('the nearest listener prefers the same host, then the closest port', () => {
  const listeners = ['127.0.0.1:8000', '127.0.0.1:5000', 'unix:/run/app.sock'].map((b) => ({ name: b, endpoint: parseGunicornBind(b)! }));
  assert.equal(nearestListener(parseNginxAddress('127.0.0.1:8001', 80)!, listeners)?.name, '127.0.0.1:8000');
  assert.equal(nearestListener(parseNginxAddress('unix:/run/ap.sock', 80)!, listeners)?.name, 'unix:/run/app.sock');
});
