/**
 * The gunicorn.conf.py reader: literal evaluation, environment defaults, dynamic values,
 * hooks, imports, what counts as module level, error recovery on half-typed text, and the
 * promise that a config file is read, never run.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, test } from 'node:test';
import { createLanguageService } from '../../server/src/service';
import { parseGunicornConfig } from '../../server/src/service/languages/gunicorn/parser';
import { literalOf, settingOf, type PyConfig, type PyValueNode } from '../../server/src/service/languages/gunicorn/model';
import { createNodeHost } from '../../server/src/lsp/node-host';
import fc from 'fast-check';
import { createMemoryHost } from '../support/memory-host';

/** A value without spans, for readable comparisons. */
function plain(value: PyValueNode | undefined): unknown {
  if (!value) return undefined;
  switch (value.kind) {
    case 'list':
    case 'tuple':
      return { [value.kind]: value.items.map(plain) };
    case 'dict':
      return { dict: value.entries.map((e) => [plain(e.key), plain(e.value)]) };
    case 'none':
      return null;
    case 'expr':
      return { expr: value.text, ...(value.envVar !== undefined ? { env: value.envVar } : {}), ...(value.envDefault ? { default: plain(value.envDefault) } : {}) };
    default:
      return value.value;
  }
}

function valueOf(config: PyConfig, name: string): unknown {
  return plain(settingOf(config, name)?.value);
}

suite('literals', () => {
  test('strings: quotes, prefixes, escapes, implicit concatenation, triple quotes', () => {
    const config = parseGunicornConfig([
      `a = "x"`,
      `b = 'y'`,
      `c = r"\\d+" 'z'`,
      `d = "tab\\there \\x41\\u00e9"`,
      `e = """multi`,
      `line"""`,
      `f = ("one"`,
      `     "two")`,
      `g = u"unicode"`,
      `h = f"plain {{braces}}"`,
    ].join('\n'));
    assert.deepEqual(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((n) => valueOf(config, n)),
      ['x', 'y', '\\d+z', 'tab\there Aé', 'multi\nline', 'onetwo', 'unicode', 'plain {braces}'],
    );
    assert.deepEqual(config.errors, []);
  });

  test('numbers, booleans, None, negative numbers', () => {
    const config = parseGunicornConfig('a = 4\nb = -1\nc = 2.5\nd = 1_000\ne = 0x1F\nf = 0o17\ng = True\nh = False\ni = None\nj = +3\nk = 1e3\nl = 3j\n');
    assert.deepEqual(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].map((n) => valueOf(config, n)),
      [4, -1, 2.5, 1000, 31, 15, true, false, null, 3, 1000],
    );
    assert.deepEqual(valueOf(config, 'l'), { expr: '3j' });
  });

  test('lists, tuples, dicts, nested; a bare tuple on the right-hand side', () => {
    const config = parseGunicornConfig([
      'bind = ["127.0.0.1:8000", "unix:/run/app.sock"]',
      't = (1,)',
      'u = 1, 2',
      'd = {"X-FORWARDED-PROTO": "https", "n": [1, {"deep": None}]}',
      'empty = []',
      'comp = [x for x in range(3)]',
      'star = [*other]',
    ].join('\n'));
    assert.deepEqual(valueOf(config, 'bind'), { list: ['127.0.0.1:8000', 'unix:/run/app.sock'] });
    assert.deepEqual(valueOf(config, 't'), { tuple: [1] });
    assert.deepEqual(valueOf(config, 'u'), { tuple: [1, 2] });
    assert.deepEqual(valueOf(config, 'd'), { dict: [['X-FORWARDED-PROTO', 'https'], ['n', { list: [1, { dict: [['deep', null]] }] }]] });
    assert.deepEqual(valueOf(config, 'empty'), { list: [] });
    assert.equal((settingOf(config, 'comp')?.value.kind), 'expr');
    assert.equal((settingOf(config, 'star')?.value.kind), 'expr');
  });

  test('value spans are exact', () => {
    const text = 'workers = 4  # comment\nbind = "0.0.0.0:80"\n';
    const config = parseGunicornConfig(text);
    const bind = settingOf(config, 'bind')!;
    assert.equal(text.slice(bind.nameSpan.start, bind.nameSpan.end), 'bind');
    assert.equal(text.slice(bind.value.start, bind.value.end), '"0.0.0.0:80"');
    assert.equal(text.slice(bind.span.start, bind.span.end), 'bind = "0.0.0.0:80"');
    assert.deepEqual(config.comments.map((c) => c.text), [' comment']);
  });
});

suite('environment and dynamic values', () => {
  test('os.environ.get / os.getenv / environ[] with int() and str() around them', () => {
    const config = parseGunicornConfig([
      'import os',
      'from os import environ, getenv',
      'workers = int(os.environ.get("WEB_CONCURRENCY", "3"))',
      'threads = os.getenv("THREADS", 8)',
      'bind = os.environ["BIND"]',
      'timeout = int(getenv("TIMEOUT", default="60"))',
      'keepalive = environ.get("KEEPALIVE")',
      'loglevel = str(os.getenv("LEVEL", 10))',
      'graceful_timeout = int(os.environ.get("GRACE", "soon"))',
    ].join('\n'));
    assert.deepEqual(valueOf(config, 'workers'), { expr: 'int(os.environ.get("WEB_CONCURRENCY", "3"))', env: 'WEB_CONCURRENCY', default: 3 });
    assert.equal(literalOf(settingOf(config, 'workers')?.value), 3);
    assert.deepEqual(valueOf(config, 'threads'), { expr: 'os.getenv("THREADS", 8)', env: 'THREADS', default: 8 });
    assert.deepEqual(valueOf(config, 'bind'), { expr: 'os.environ["BIND"]', env: 'BIND' });
    assert.equal(literalOf(settingOf(config, 'timeout')?.value), 60);
    assert.deepEqual(valueOf(config, 'keepalive'), { expr: 'environ.get("KEEPALIVE")', env: 'KEEPALIVE', default: null });
    assert.equal(literalOf(settingOf(config, 'loglevel')?.value), '10');
    // int("soon") would raise: no usable default.
    assert.deepEqual(valueOf(config, 'graceful_timeout'), { expr: 'int(os.environ.get("GRACE", "soon"))', env: 'GRACE' });
  });

  test('formatted binds take the environment default: f-strings, %, +, helper variables', () => {
    const config = parseGunicornConfig([
      'import os',
      'port = os.getenv("PORT", "5000")',
      'bind = f"0.0.0.0:{port}"',
      'b2 = "127.0.0.1:%s" % os.environ.get("PORT", 8000)',
      'b3 = "unix:" + os.environ.get("SOCK", "/run/app.sock")',
      'b4 = f"{os.environ.get(\'HOST\', \'127.0.0.1\')}:{8000}"',
      'b5 = f"{port!r}"',
    ].join('\n'));
    assert.equal(literalOf(settingOf(config, 'bind')?.value), '0.0.0.0:5000');
    assert.equal((settingOf(config, 'bind')?.value as { envVar?: string }).envVar, 'PORT');
    assert.equal(literalOf(settingOf(config, 'b2')?.value), '127.0.0.1:8000');
    assert.equal(literalOf(settingOf(config, 'b3')?.value), 'unix:/run/app.sock');
    assert.equal(literalOf(settingOf(config, 'b4')?.value), '127.0.0.1:8000');
    assert.equal(literalOf(settingOf(config, 'b5')?.value), undefined);
  });

  test('anything else is an expression, kept as written', () => {
    const config = parseGunicornConfig('import multiprocessing\nworkers = multiprocessing.cpu_count() * 2 + 1\nworker_class = get_worker()\nx = not True\n');
    assert.deepEqual(valueOf(config, 'workers'), { expr: 'multiprocessing.cpu_count() * 2 + 1' });
    assert.deepEqual(valueOf(config, 'worker_class'), { expr: 'get_worker()' });
    assert.deepEqual(valueOf(config, 'x'), { expr: 'not True' });
  });

  test('a helper variable is followed only to an earlier, unconditional value', () => {
    const config = parseGunicornConfig('n = 2\nworkers = n\nif x:\n    m = 3\nthreads = m\nk = 1\nk = k\nt = k\n');
    const workers = settingOf(config, 'workers')!;
    assert.deepEqual(plain(workers.value), 2);
    // The span stays on the name, so a fix edits `workers = n`, not `n = 2`.
    assert.equal(config.text.slice(workers.value.start, workers.value.end), 'n');
    assert.equal(settingOf(config, 'threads')?.value.kind, 'expr');
    assert.equal(literalOf(settingOf(config, 't')?.value), undefined);
  });
});

suite('statements', () => {
  test('chained, unpacked, annotated and augmented assignments', () => {
    const config = parseGunicornConfig('a = b = 2\nc, d = 3, "x"\ne: int = 5\nworkers = 2\nworkers += 1\nf, g = pair\n');
    assert.deepEqual(config.assignments.map((a) => [a.name, plain(a.value), a.augmented]), [
      ['a', 2, false], ['b', 2, false], ['c', 3, false], ['d', 'x', false], ['e', 5, false],
      ['workers', 2, false], ['workers', 1, true], ['f', { expr: 'pair' }, false], ['g', { expr: 'pair' }, false],
    ]);
    // settingOf skips augmented assignments: the value is no longer known for sure.
    assert.equal(literalOf(settingOf(config, 'workers')?.value), 2);
  });

  test('module-level if/try/with/for blocks count (conditional); function and class bodies do not', () => {
    const config = parseGunicornConfig([
      'import os',
      'if os.environ.get("DEV"):',
      '    workers = 1',
      'elif os.environ.get("STAGING"):',
      '    workers = 2',
      'else:',
      '    workers = 4',
      '    if nested:',
      '        threads = 2',
      'try:',
      '    import gevent',
      '    worker_class = "gevent"',
      'except ImportError:',
      '    worker_class = "sync"',
      'def helper():',
      '    timeout = 999',
      'class Settings:',
      '    keepalive = 5',
      'bind = "127.0.0.1:8000"',
    ].join('\n'));
    assert.deepEqual(config.assignments.map((a) => `${a.name}=${plain(a.value)}${a.conditional ? '?' : ''}`), [
      'workers=1?', 'workers=2?', 'workers=4?', 'threads=2?', 'worker_class=gevent?', 'worker_class=sync?', 'bind=127.0.0.1:8000',
    ]);
    assert.deepEqual(config.imports.map((i) => i.module), ['os', 'gevent']);
  });

  test('hooks: def and lambda, positional parameters as gunicorn counts them', () => {
    const config = parseGunicornConfig([
      'def on_starting(server):',
      '    pass',
      'def post_fork(server, worker, *args, extra=1, **kw):',
      '    pass',
      'def pre_request(worker, req, /, *, verbose=False):',
      '    pass',
      '@decorator',
      'def when_ready(*args):',
      '    pass',
      'def post_request(worker: "Worker", req=None, environ=None, resp=None):',
      '    pass',
      'worker_exit = lambda server, worker: None',
    ].join('\n'));
    assert.deepEqual(config.hooks.map((h) => [h.name, h.params, h.variadic === true, h.decorated === true, h.lambda === true]), [
      ['on_starting', 1, false, false, false],
      ['post_fork', 2, true, false, false],
      ['pre_request', 2, false, false, false],
      ['when_ready', 0, true, true, false],
      ['post_request', 4, false, false, false],
      ['worker_exit', 2, false, false, true],
    ]);
  });

  test('imports record what they bind; a star import may bind anything', () => {
    const config = parseGunicornConfig('import os, os.path as p\nimport gevent.monkey\nfrom .base import *\nfrom common import (workers, bind as _b)\n');
    assert.deepEqual(config.imports.map((i) => [i.module, i.names, i.star === true]), [
      ['os', ['os'], false], ['os.path', ['p'], false], ['gevent.monkey', ['gevent'], false],
      ['.base', [], true], ['common', ['workers', '_b'], false],
    ]);
  });

  test('names that are read somewhere are references (helpers), targets and parameters are not', () => {
    const config = parseGunicornConfig('port = 5000\nbind = f"0.0.0.0:{port}"\ndef on_starting(server):\n    log(server, level=1)\nunused = 1\n');
    assert.ok(config.references?.has('port'));
    assert.ok(config.references?.has('server'));
    assert.ok(!config.references?.has('unused'));
    assert.ok(!config.references?.has('level'));
    assert.ok(!config.references?.has('bind'));
  });
});

suite('half-typed text', () => {
  const errors = (text: string) => parseGunicornConfig(text).errors.map((e) => `${text.slice(e.start, e.end)}: ${e.message}`);

  test('`timeout = ` keeps the other assignments and points at the =', () => {
    const config = parseGunicornConfig('workers = 2\ntimeout = \nbind = "127.0.0.1:8000"\n');
    assert.deepEqual(config.assignments.map((a) => a.name), ['workers', 'timeout', 'bind']);
    assert.equal(settingOf(config, 'timeout')?.value.kind, 'expr');
    assert.deepEqual(errors('workers = 2\ntimeout = \n'), ['=: `timeout =` has no value; complete the assignment.']);
  });

  test('unclosed strings (one line and triple-quoted) are errors and their values unknown', () => {
    const config = parseGunicornConfig('worker_class = "gev\nworkers = 1\n');
    assert.equal(settingOf(config, 'worker_class')?.value.kind, 'expr');
    assert.equal(literalOf(settingOf(config, 'workers')?.value), 1);
    assert.deepEqual(errors('worker_class = "gev\n'), ['"gev: This string is never closed; add the closing ".']);
    assert.deepEqual(errors('doc = """abc\nworkers = 3\n'), ['""": This string is never closed; add the closing """.']);
  });

  test('an unclosed bracket, an empty block, an indented line, stray tokens', () => {
    assert.deepEqual(errors('bind = ["a",\n'), ['[: This [ is never closed; add the matching ].']);
    assert.deepEqual(errors('if x:\nworkers = 1\n'), [':: This block is empty; Python expects an indented statement after the colon (use `pass`).']);
    assert.deepEqual(errors('workers = 1\n    threads = 2\n'), ['threads = 2: This line is indented but not inside a block; Python stops with an IndentationError. Remove the indentation.']);
    assert.equal(errors('workers = 2 3\n').length, 1);
  });

  test('never throws, and every error lies inside the text', () => {
    const samples = ['', '=', '"""', "'", '(', ')', 'def', 'def f(', 'lambda', 'import', 'from', 'x = [', '@', '\\', '\t\tx', 'if:', 'x = {1:', 'f"{', "f'{x", 'async def', 'class'];
    for (const sample of samples) {
      const config = parseGunicornConfig(sample);
      for (const e of config.errors) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= sample.length, `${JSON.stringify(sample)}: ${e.start}-${e.end}`);
    }
  });
});

test('names such as constructor or __proto__ are just names (null-prototype lookups)', () => {
  const text = 'constructor = (\n__proto__ = 1\nworker_class = "constructor"\ntoString = 2\n';
  const path = '/w/gunicorn.conf.py';
  const service = createLanguageService({ host: createMemoryHost(new Map([[path, text]])) });
  const findings = service.lint([path]).findings;
  assert.ok(findings.some((f) => f.ruleId === 'gunicorn/unknown-worker-class' && /`constructor`/.test(f.message)));
  assert.ok(findings.filter((f) => f.ruleId === 'gunicorn/syntax').every((f) => !/constructor is never closed/.test(f.message)));
  assert.equal(service.hover(path, 3), undefined);
  assert.equal(service.hover(path, text.indexOf('constructor"') + 2), undefined);
});

suite('nothing in the file is executed', () => {
  test('imports, os.system, open() and raise SystemExit are read, not run; the settings are still linted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsconf-gunicorn-'));
    try {
      const marker = join(dir, 'marker');
      const path = join(dir, 'gunicorn.conf.py');
      writeFileSync(path, [
        'import os',
        'import subprocess',
        `os.system("touch ${marker}-system")`,
        `open(${JSON.stringify(marker)}, "w").write("ran")`,
        `subprocess.run(["touch", ${JSON.stringify(`${marker}-subprocess`)}])`,
        `__import__("pathlib").Path(${JSON.stringify(`${marker}-import`)}).touch()`,
        'wsgi_app = "chat:socketio_app"',
        'worker_class = "eventlet"',
        'raise SystemExit(1)',
        'workers = 4',
        '',
      ].join('\n'));
      const service = createLanguageService({ host: createNodeHost(), settings: { websocketApp: 'auto' } });
      const findings = service.lint([path]).findings;
      for (const suffix of ['', '-system', '-subprocess', '-import']) assert.equal(existsSync(marker + suffix), false, `marker${suffix} must not exist`);
      // The settings after `raise` are still seen: Python would stop there, wsconf reads on.
      assert.ok(findings.some((f) => f.ruleId === 'gunicorn/socketio-multiple-workers'), findings.map((f) => f.ruleId).join(', '));
      assert.ok(findings.some((f) => f.ruleId === 'gunicorn/eventlet-worker-deprecated-or-removed'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const SEED = `import multiprocessing, os
bind = [f"0.0.0.0:{os.getenv('PORT', '8000')}", "unix:/run/app.sock"]
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"
timeout = 0
forwarded_allow_ips = "10.0.0.0/8"
logconfig_dict = {"version": 1, "loggers": {"gunicorn": {"level": "INFO"}}}
doc = """multi
line"""
if os.environ.get("DEV"):
    reload = True
def post_fork(server, worker):
    server.log.info("forked %s", worker.pid)
when_ready = lambda server: None
`;

test('mutated configs never throw and every finding and fix lies inside the text', () => {
  const pieces = fc.constantFrom('"', "'", '"""', '(', ')', '[', ']', '{', '}', ':', '=', '\\', '\n', '    ', '#', 'f"{', 'def ', 'lambda', ',');
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), fc.oneof(pieces, fc.string({ maxLength: 6 })), fc.boolean()), { minLength: 1, maxLength: 6 }), (edits) => {
      let text = SEED;
      for (const [at, piece, cut] of edits) {
        const i = at % (text.length + 1);
        text = cut ? text.slice(0, i) + text.slice(i + piece.length) : text.slice(0, i) + piece + text.slice(i);
      }
      const path = '/w/gunicorn.conf.py';
      const service = createLanguageService({ host: createMemoryHost(new Map([[path, text]])), settings: { gunicornVersion: '20.1.0' } });
      for (const f of service.lint([path]).findings) {
        assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, `${f.ruleId} ${f.span.start}-${f.span.end}`);
        for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.start <= e.end && e.end <= text.length);
      }
      service.hover(path, text.length >> 1);
      service.complete(path, text.length >> 1);
    }),
    { numRuns: 300 },
  );
});
