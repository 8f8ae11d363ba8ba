/**
 * Outline and folding for gunicorn.conf.py and uwsgi.ini at the service boundary: the service
 * dispatches on the file's language, so these files get their own symbols and folds rather
 * than the nginx ones.
 */
import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { createLanguageService, type LanguageService } from '../../server/src/service';
import { createMemoryHost } from '../support/memory-host';

function service(path: string, text: string): LanguageService {
  return createLanguageService({ host: createMemoryHost(new Map([[path, text]])) });
}

const KIND_NAMES: Readonly<Record<number, string>> = { [SymbolKind.Property]: 'Property', [SymbolKind.Function]: 'Function', [SymbolKind.Namespace]: 'Namespace' };

function outline(list: readonly DocumentSymbol[], depth = 0): string[] {
  return list.flatMap((s) => [
    `${'  '.repeat(depth)}${KIND_NAMES[s.kind] ?? s.kind} ${s.name}${s.detail !== undefined ? ` = ${s.detail}` : ''}`,
    ...outline(s.children ?? [], depth + 1),
  ]);
}

const GUNICORN = `# gunicorn.conf.py for the chat app
# read by gunicorn -c
import multiprocessing

bind = "127.0.0.1:8000"
workers = multiprocessing.cpu_count() * 2 + 1
worker_class = "eventlet"
raw_env = [
    "FLASK_ENV=production",
    "REDIS_URL=redis://localhost",
]

def post_fork(server, worker):
    server.log.info("worker %s", worker.pid)

when_ready = lambda server: None
timeout = 120
`;

const UWSGI = `; chat app
; served behind nginx
[uwsgi]
module = app:app
gevent = 1000
http-socket = 127.0.0.1:8000
master

[dev]
py-autoreload = 1
`;

suite('gunicorn outline', () => {
  const s = service('/srv/chat/gunicorn.conf.py', GUNICORN);

  test('one Property per setting with its value, hooks (def and lambda) as Function, in file order', () => {
    assert.deepEqual(outline(s.symbols('/srv/chat/gunicorn.conf.py')), [
      'Property bind = "127.0.0.1:8000"',
      'Property workers = multiprocessing.cpu_count() * 2 + 1',
      'Property worker_class = "eventlet"',
      'Property raw_env = [ "FLASK_ENV=production", "REDIS_URL=redis://localhost", ]',
      'Function post_fork = (server, worker)',
      'Function when_ready = server',
      'Property timeout = 120',
    ]);
  });

  test('ranges: the statement, the name selected', () => {
    const symbols = s.symbols('/srv/chat/gunicorn.conf.py');
    const rawEnv = symbols.find((x) => x.name === 'raw_env')!;
    assert.deepEqual(rawEnv.selectionRange, { start: { line: 7, character: 0 }, end: { line: 7, character: 7 } });
    assert.deepEqual(rawEnv.range.start, { line: 7, character: 0 });
    assert.equal(rawEnv.range.end.line, 10);
    const hook = symbols.find((x) => x.name === 'post_fork')!;
    assert.deepEqual(hook.selectionRange, { start: { line: 12, character: 4 }, end: { line: 12, character: 13 } });
  });

  test('settings inside a module-level if are listed; function bodies are not', () => {
    const text = 'import os\nif os.environ.get("DEV"):\n    reload = True\n\ndef on_exit(server):\n    workers = 3\n';
    assert.deepEqual(outline(service('/app/gunicorn.conf.py', text).symbols('/app/gunicorn.conf.py')), [
      'Property reload = True',
      'Function on_exit = (server)',
    ]);
  });

  test('a long value is cut in the detail', () => {
    const text = `bind = [${Array.from({ length: 30 }, (_, i) => `"10.0.0.${i}:80"`).join(', ')}]\n`;
    const [bind] = service('/app/gunicorn.conf.py', text).symbols('/app/gunicorn.conf.py');
    assert.ok(bind!.detail!.length <= 80 && bind!.detail!.endsWith('…'), bind!.detail);
  });

  test('a Python file that is not a gunicorn config gets no gunicorn outline', () => {
    assert.deepEqual(service('/app/settings.py', 'workers = 2\n').symbols('/app/settings.py'), []);
  });
});

suite('gunicorn folding', () => {
  test('multi-line assignments and hooks fold, closing bracket visible; comment runs fold', () => {
    const folds = service('/srv/chat/gunicorn.conf.py', GUNICORN).folding('/srv/chat/gunicorn.conf.py');
    assert.deepEqual(folds, [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 7, endLine: 9 },
      { startLine: 12, endLine: 13 },
    ]);
  });

  test('a list closed on its last item line folds to that line; one-line statements do not fold', () => {
    const text = 'bind = ["127.0.0.1:8000",\n        "unix:/run/chat.sock"]\nworkers = 1\n';
    assert.deepEqual(service('/app/gunicorn.conf.py', text).folding('/app/gunicorn.conf.py'), [{ startLine: 0, endLine: 1 }]);
  });

  test('broken Python still folds what parsed, and never throws', () => {
    const text = 'raw_env = [\n    "A=1",\n\nworkers = (\n';
    const folds = service('/app/gunicorn.conf.py', text).folding('/app/gunicorn.conf.py');
    assert.ok(Array.isArray(folds));
    for (const f of folds) assert.ok(f.endLine > f.startLine);
  });
});

suite('uwsgi outline', () => {
  test('each section is a Namespace holding its options with their values', () => {
    const s = service('/srv/chat/uwsgi.ini', UWSGI);
    assert.deepEqual(outline(s.symbols('/srv/chat/uwsgi.ini')), [
      'Namespace [uwsgi]',
      '  Property module = app:app',
      '  Property gevent = 1000',
      '  Property http-socket = 127.0.0.1:8000',
      '  Property master',
      'Namespace [dev]',
      '  Property py-autoreload = 1',
    ]);
  });

  test('ranges: the section from its header to its last entry; the option key selected', () => {
    const [uwsgi] = service('/srv/chat/uwsgi.ini', UWSGI).symbols('/srv/chat/uwsgi.ini');
    assert.deepEqual(uwsgi!.selectionRange, { start: { line: 2, character: 0 }, end: { line: 2, character: 7 } });
    assert.deepEqual(uwsgi!.range, { start: { line: 2, character: 0 }, end: { line: 6, character: 6 } });
    assert.deepEqual(uwsgi!.children![1]!.selectionRange, { start: { line: 4, character: 0 }, end: { line: 4, character: 6 } });
  });

  test('an inline comment stays in the value (uWSGI keeps it); lines before any header are top-level; an empty section has no children', () => {
    const text = 'stray = 1\n[uwsgi]\nprocesses = 2 ; two\n[empty]\n';
    assert.deepEqual(outline(service('/app/uwsgi.ini', text).symbols('/app/uwsgi.ini')), [
      'Property stray = 1',
      'Namespace [uwsgi]',
      '  Property processes = 2 ; two',
      'Namespace [empty]',
    ]);
  });

  test('a plain .ini with a [uwsgi] section is recognised; other .ini files are not', () => {
    assert.deepEqual(outline(service('/app/deploy/app.ini', '[uwsgi]\nmodule = app\n').symbols('/app/deploy/app.ini')), [
      'Namespace [uwsgi]',
      '  Property module = app',
    ]);
    assert.deepEqual(service('/app/setup.ini', '[metadata]\nname = x\n').symbols('/app/setup.ini'), []);
  });
});

suite('uwsgi folding', () => {
  test('sections fold from the header to the last entry; comment runs fold', () => {
    const folds = service('/srv/chat/uwsgi.ini', UWSGI).folding('/srv/chat/uwsgi.ini');
    assert.deepEqual(folds, [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 2, endLine: 6 },
      { startLine: 8, endLine: 9 },
    ]);
  });

  test('a section with one line or none does not fold; trailing comments and blank lines stay outside', () => {
    const text = '[uwsgi]\nmodule = app\n\n; end\n[empty]\n';
    assert.deepEqual(service('/app/uwsgi.ini', text).folding('/app/uwsgi.ini'), [{ startLine: 0, endLine: 1 }]);
    assert.deepEqual(service('/app/uwsgi.ini', '[uwsgi]\n').folding('/app/uwsgi.ini'), []);
  });
});
