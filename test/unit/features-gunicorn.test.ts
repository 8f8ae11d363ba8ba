/**
 * Hover and completion in gunicorn.conf.py at the service boundary; `<|>` marks the cursor.
 */
import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import { InsertTextFormat, type CompletionItem, type TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service';
import type { Settings } from '../../server/src/service/settings';
import { applyEdits } from '../../server/src/service/text/apply-edits';
import { LineIndex } from '../../server/src/service/text/line-index';
import { createMemoryHost } from '../support/memory-host';

const PATH = '/srv/app/gunicorn.conf.py';
const CURSOR = '<|>';

function setup(text: string, settings: Partial<Settings> = {}, path = PATH) {
  const offset = text.indexOf(CURSOR);
  assert.ok(offset >= 0, 'the text needs a <|> cursor');
  const clean = text.replace(CURSOR, '');
  const service = createLanguageService({ host: createMemoryHost(new Map([[path, clean]])), settings });
  return { service, text: clean, offset, path };
}

function hover(text: string, settings: Partial<Settings> = {}): string | undefined {
  const s = setup(text, settings);
  const result = s.service.hover(s.path, s.offset);
  if (!result) return undefined;
  const contents = result.contents as { kind: string; value: string };
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

function complete(text: string, settings: Partial<Settings> = {}): { items: CompletionItem[]; labels: string[]; text: string } {
  const s = setup(text, settings);
  const items = s.service.complete(s.path, s.offset).items;
  return { items, labels: items.map((i) => i.label), text: s.text };
}

/** The text after accepting `item` (snippet placeholders left as written). */
function accept(text: string, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit;
  const index = new LineIndex(text);
  return applyEdits(text, [{ start: index.offsetAt(edit.range.start), end: index.offsetAt(edit.range.end), text: edit.newText }]).text;
}

suite('gunicorn hover', () => {
  test('on a setting name: meaning, default, CLI flag, docs link and the WebSocket note', () => {
    const md = hover('bind = "127.0.0.1:5000"\nwork<|>ers = 4\n')!;
    assert.match(md, /\*\*workers\*\* · gunicorn setting/);
    assert.match(md, /How many worker processes/);
    assert.match(md, /Default: `1` \(or from `\$WEB_CONCURRENCY`\)/);
    assert.match(md, /`-w`, `--workers`/);
    assert.match(md, /\*\*WebSocket:\*\* Socket\.IO needs every request of a session on the same process/);
    assert.match(md, /\(https:\/\/docs\.gunicorn\.org\/en\/stable\/settings\.html#workers\)/);
  });

  test('at the end of the name too, and for a setting without a command-line flag', () => {
    const md = hover('wsgi_app<|> = "mysite.asgi:application"\n')!;
    assert.match(md, /\*\*wsgi_app\*\*/);
    assert.match(md, /Command line: none \(config file only\)/);
  });

  test('version facts: a later setting says since when, and warns for an older target', () => {
    const md = hover('proto<|>col = "uwsgi"\n', { gunicornVersion: '20.1.0' })!;
    assert.match(md, /Versions: since 24\.0\.0/);
    assert.match(md, /⚠ Not in gunicorn 20\.1\.0: it needs 24\.0\.0 or later/);
    assert.doesNotMatch(hover('proto<|>col = "uwsgi"\n', { gunicornVersion: '24.1.0' })!, /⚠/);
  });

  test('on a hook definition: its signature', () => {
    const md = hover('def post_f<|>ork(server, worker):\n    pass\n')!;
    assert.match(md, /\*\*post_fork\*\* · gunicorn server hook/);
    assert.match(md, /Signature: `def post_fork\(server, worker\)`/);
  });

  test('on a worker_class value: what the worker does for WebSockets, and its versions', () => {
    assert.match(hover('worker_class = "sy<|>nc"\n')!, /cannot serve WebSockets/i);
    const eventlet = hover('worker_class = "event<|>let"\n', { gunicornVersion: '26.0.0' })!;
    assert.match(eventlet, /Deprecated in 25\.0\.0/);
    assert.match(eventlet, /Removed in 26\.0\.0/);
    assert.match(eventlet, /⚠ gunicorn 26\.0\.0 has no `eventlet` worker/);
    assert.match(hover('worker_class = "geventwebsocket.gunicorn.workers.Gevent<|>WebSocketWorker"\n')!, /gevent-websocket/);
  });

  test('nothing on unknown names, values of other settings, comments', () => {
    assert.equal(hover('my_<|>helper = 1\n'), undefined);
    assert.equal(hover('bind = "127.0.<|>0.1:8000"\n'), undefined);
    assert.equal(hover('# work<|>ers = 4\n'), undefined);
  });

  test('a Python file that is not a gunicorn config is not ours', () => {
    const offset = 'wor'.length;
    const service = createLanguageService({ host: createMemoryHost(new Map([['/srv/app/views.py', 'workers = 4\n']])) });
    assert.equal(service.hover('/srv/app/views.py', offset), undefined);
  });
});

suite('gunicorn completion', () => {
  test('setting names at the start of a top-level line, with a snippet that inserts the default', () => {
    const { items, labels, text } = complete('bind = "127.0.0.1:5000"\nwork<|>\n');
    assert.ok(labels.includes('workers') && labels.includes('worker_class') && labels.includes('timeout'));
    assert.ok(!labels.includes('bind'), 'already set');
    const workers = items.find((i) => i.label === 'workers')!;
    assert.equal(workers.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(accept(text, workers), 'bind = "127.0.0.1:5000"\nworkers = ${1:1}\n');
  });

  test('hooks complete to a def with gunicorn\'s parameters', () => {
    const { items, text } = complete('post_<|>');
    const hook = items.find((i) => i.label === 'post_fork')!;
    assert.equal(accept(text, hook), 'def post_fork(server, worker):\n    ${0:pass}');
  });

  test('only the settings of the target version', () => {
    assert.ok(!complete('<|>', { gunicornVersion: '20.1.0' }).labels.includes('protocol'));
    assert.ok(complete('<|>', { gunicornVersion: '24.0.0' }).labels.includes('protocol'));
    assert.ok(complete('<|>', { gunicornVersion: '20.1.0' }).labels.includes('tolerate_dangerous_framing'));
    assert.ok(!complete('<|>', { gunicornVersion: '23.0.0' }).labels.includes('tolerate_dangerous_framing'));
  });

  test('nothing in an indented line, in the middle of an expression, or inside an open bracket', () => {
    assert.deepEqual(complete('def on_starting(server):\n    ser<|>\n').labels, []);
    assert.deepEqual(complete('workers = 2 * cpu<|>\n').labels, []);
    assert.deepEqual(complete('raw_env = [\n<|>\n]\n').labels, []);
    assert.deepEqual(complete('# work<|>\n').labels, []);
  });

  test('worker classes inside the string of worker_class, replacing what was typed', () => {
    const { items, labels, text } = complete('worker_class = "gev<|>"\n', { gunicornVersion: '20.1.0' });
    assert.ok(labels.includes('gevent') && labels.includes('gthread') && labels.includes('geventwebsocket.gunicorn.workers.GeventWebSocketWorker'));
    assert.ok(!labels.includes('asgi'), 'asgi is not in 20.1.0');
    const gws = items.find((i) => i.label === 'geventwebsocket.gunicorn.workers.GeventWebSocketWorker')!;
    assert.equal(accept(text, gws), 'worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"\n');
    assert.ok(complete('worker_class = \'<|>\'\n', { gunicornVersion: '26.0.0' }).labels.includes('asgi'));
    assert.ok(!complete('worker_class = \'<|>\'\n', { gunicornVersion: '26.0.0' }).labels.includes('eventlet'));
  });

  test('right after `worker_class =` the classes come quoted; booleans get True/False', () => {
    const { items, text } = complete('worker_class = <|>\n');
    assert.equal(accept(text, items.find((i) => i.label === 'gthread')!), 'worker_class = "gthread"\n');
    assert.deepEqual(complete('preload_app = T<|>').labels, ['True', 'False']);
    assert.deepEqual(complete('bind = <|>').labels, []);
  });

  test('the WebSocket snippets are completion items of gunicorn files only', () => {
    const { items, text } = complete('<|>');
    const snippets = items.filter((i) => i.kind === 15 /* Snippet */);
    assert.deepEqual(snippets.map((i) => i.label), ['websocket-gevent-websocket', 'websocket-eventlet-gevent', 'websocket-gthread']);
    for (const snippet of snippets) assert.equal(snippet.insertTextFormat, InsertTextFormat.Snippet);
    const gevent = accept(text, snippets[0]!);
    assert.match(gevent, /^bind = "\$\{1:127\.0\.0\.1\}:\$\{2:5000\}"\n/);
    assert.match(gevent, /workers = 1\nworker_class = "geventwebsocket\.gunicorn\.workers\.GeventWebSocketWorker"/);
    assert.match(accept(text, snippets[1]!), /worker_class = "\$\{3\|eventlet,gevent\|\}"/);
    assert.match(accept(text, snippets[2]!), /worker_class = "gthread"\n# Each open WebSocket holds a thread\.\nthreads = \$\{3:100\}/);
    const service = createLanguageService({ host: createMemoryHost(new Map([['/srv/app/views.py', '\n']])) });
    assert.deepEqual(service.complete('/srv/app/views.py', 0).items.filter((i) => i.kind === 15), []);
  });

  test('an expanded snippet is a config the linter is happy with (placeholders at their defaults)', () => {
    const { items, text } = complete('<|>');
    const body = accept(text, items.find((i) => i.label === 'websocket-gevent-websocket')!)
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$0/g, '');
    const service = createLanguageService({ host: createMemoryHost(new Map([[PATH, body]])), settings: { gunicornVersion: '20.1.0' } });
    assert.deepEqual(service.lint([PATH]).findings.map((f) => f.ruleId), []);
  });
});
