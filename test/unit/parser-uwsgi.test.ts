/**
 * The uwsgi.ini reader against what uWSGI 2.0.21 (Debian) does with the same text, the
 * helpers rules build on (flags, placeholders, the WebSocket and build decisions), and the
 * knowledge lookups. Each "verified" case was run through `uwsgi --ini x.ini --show-config`.
 */
import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import fc from 'fast-check';
import { createLanguageService } from '../../server/src/service';
import {
  allOptionNames,
  canonicalName,
  didYouMean,
  docsUrl,
  lookupOption,
  namesOf,
  normalizedOption,
  noteOf,
  pluginOf,
  pluginOfItem,
} from '../../server/src/service/knowledge/uwsgi';
import { flagOn, intValue, isTruthy, lastEntry, optionEntries, resolvedValue, uwsgiEntries } from '../../server/src/service/languages/uwsgi/ast';
import type { IniFile } from '../../server/src/service/languages/uwsgi/ast';
import { debianApp, uwsgiBuild } from '../../server/src/service/languages/uwsgi/deployment';
import { parseUwsgiIni } from '../../server/src/service/languages/uwsgi/parser';
import { classifyUwsgiApp } from '../../server/src/service/languages/uwsgi/websocket';
import { DEFAULT_SETTINGS, resolveSettings, type Settings } from '../../server/src/service/settings';
import { createMemoryHost } from '../support/memory-host';

function pairs(file: IniFile, section = 'uwsgi'): [string, string][] {
  return uwsgiEntries(file, section).map((e) => [e.key, e.value]);
}

function slice(file: IniFile, span: { start: number; end: number }): string {
  return file.text.slice(span.start, span.end);
}

suite('uwsgi ini reader (core/ini.c)', () => {
  test('key = value, trimmed on both sides; inline ; and # stay in the value (verified)', () => {
    const file = parseUwsgiIni('[uwsgi]\nfoo = bar ; inline\n  key=  spaced value   \nhash = a # b\n');
    assert.deepEqual(pairs(file), [['foo', 'bar ; inline'], ['key', 'spaced value'], ['hash', 'a # b']]);
    assert.deepEqual(file.errors, []);
  });

  test('comments only when ; or # is the first non-blank character', () => {
    const file = parseUwsgiIni('; top\n[uwsgi]\n  # indented\n;x = 1\nmaster = true\n');
    assert.deepEqual(file.comments.map((c) => c.text), [' top', ' indented', 'x = 1']);
    assert.deepEqual(pairs(file), [['master', 'true']]);
  });

  test('keys are kept exactly: case and underscores are not normalised (verified)', () => {
    const file = parseUwsgiIni('[uwsgi]\nMaster = true\nenable_threads = true\n');
    assert.deepEqual(uwsgiEntries(file).map((e) => [e.key, e.option]), [['Master', 'Master'], ['enable_threads', 'enable_threads']]);
    assert.equal(flagOn(file, 'master'), false);
  });

  test('a line without = is a key with an empty value; a line with only = has no key', () => {
    const file = parseUwsgiIni('[uwsgi]\nvacuum\n= 1000\n');
    const [bare, empty] = uwsgiEntries(file);
    assert.equal(bare!.bare, true);
    assert.equal(bare!.value, '');
    assert.equal(empty!.key, '');
    assert.deepEqual(file.errors.map((e) => e.code), ['empty-key']);
  });

  test('repeated keys stay in order; several [uwsgi] sections are read together; other sections are separate (verified)', () => {
    const file = parseUwsgiIni('[uwsgi]\nsocket = a\n[other]\nnotseen = 1\n[uwsgi]\nsocket = b\n');
    assert.deepEqual(pairs(file), [['socket', 'a'], ['socket', 'b']]);
    assert.deepEqual(pairs(file, 'other'), [['notseen', '1']]);
    assert.equal(lastEntry(file, 'socket')!.value, 'b');
  });

  test('section names are exact; the last character of a header is dropped whatever it is (verified)', () => {
    const names = (text: string) => parseUwsgiIni(text).sections.map((s) => s.name);
    assert.deepEqual(names('[ uwsgi ]\n'), [' uwsgi ']);
    assert.deepEqual(names('  [uwsgi]  \n'), ['uwsgi']);
    assert.deepEqual(names('[uwsgix\n'), ['uwsgi']);
    const unclosed = parseUwsgiIni('[uwsgi\nmaster = true\n');
    assert.deepEqual(unclosed.sections.map((s) => s.name), ['uwsg']);
    assert.deepEqual(unclosed.errors.map((e) => e.code), ['unclosed-section']);
  });

  test('lines before the first header go to a section without a name', () => {
    const file = parseUwsgiIni('master = true\n[uwsgi]\nmodule = app\n');
    assert.deepEqual(file.sections.map((s) => [s.name, s.header]), [['', { start: 0, end: 0 }], ['uwsgi', { start: 14, end: 21 }]]);
    assert.deepEqual(pairs(file), [['module', 'app']]);
  });

  test('CRLF: the carriage return is stripped like a blank', () => {
    const file = parseUwsgiIni('[uwsgi]\r\nmodule = app:app\r\nmaster = true\r\n');
    assert.deepEqual(pairs(file), [['module', 'app:app'], ['master', 'true']]);
    assert.equal(slice(file, uwsgiEntries(file)[0]!.span), 'module = app:app');
  });

  test('a byte order mark hides the first header (verified: "Can\'t find section")', () => {
    const file = parseUwsgiIni('\ufeff[uwsgi]\nmaster = true\n');
    assert.deepEqual(file.errors.map((e) => e.code), ['byte-order-mark']);
    assert.equal(file.sections.some((s) => s.name === 'uwsgi'), false);
  });

  test('exact spans for key, value and line', () => {
    const text = '[uwsgi]\n  http-socket =  127.0.0.1:5000  \n';
    const file = parseUwsgiIni(text);
    const entry = uwsgiEntries(file)[0]!;
    assert.equal(slice(file, entry.keySpan), 'http-socket');
    assert.equal(slice(file, entry.valueSpan), '127.0.0.1:5000');
    assert.equal(slice(file, entry.span), 'http-socket =  127.0.0.1:5000');
    assert.equal(slice(file, file.sections[0]!.header), '[uwsgi]');
  });

  test('value segments: %(placeholder), magic %d, %% text, $(ENV), @(file)', () => {
    const file = parseUwsgiIni('[uwsgi]\nx = %(base)/run/%n.sock 50%% $(HOME) @(/etc/x)\n');
    const segments = uwsgiEntries(file)[0]!.segments.map((s) => [s.kind, 'name' in s ? s.name : 'path' in s ? s.path : s.text, slice(file, s.span)]);
    assert.deepEqual(segments, [
      ['placeholder', 'base', '%(base)'],
      ['text', '/run/', '/run/'],
      ['magic', 'n', '%n'],
      ['text', '.sock 50% ', '.sock 50%% '],
      ['env', 'HOME', '$(HOME)'],
      ['text', ' ', ' '],
      ['file', '/etc/x', '@(/etc/x)'],
    ]);
  });

  test('a % at the end of a line joins the next line, even after a comment (verified)', () => {
    const comment = parseUwsgiIni('[uwsgi]\n# load 100%\nmaster = true\n');
    assert.deepEqual(pairs(comment), []);
    assert.equal(comment.comments[0]!.text, ' load 100%\nmaster = true');
    const value = parseUwsgiIni('[uwsgi]\na = x%\nb = y\nc = 50%%\n');
    assert.deepEqual(pairs(value), [['a', 'x%\nb = y'], ['c', '50%%']]);
    assert.deepEqual(value.magic.map((m) => m.char), ['\n']);
  });

  test('every %X pair is recorded, %% and %( excepted', () => {
    const file = parseUwsgiIni('[uwsgi]\nx = %d %q %% %(a) %[\n');
    assert.deepEqual(file.magic.map((m) => m.char), ['d', 'q', '[']);
  });

  test('the empty file and blank lines', () => {
    assert.deepEqual(parseUwsgiIni('').sections, []);
    assert.deepEqual(parseUwsgiIni('\n\n  \t\n').sections, []);
  });

  test('never throws and keeps every span inside the text (property)', () => {
    const alphabet = fc.constantFrom('[', ']', '=', ';', '#', '%', '(', ')', '$', '@', ' ', '\t', '\r', '\n', 'u', 'w', 's', 'g', 'i', '-', '_', '\ufeff', 'é');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200 }).map((chars) => chars.join('')), (text) => {
        const file = parseUwsgiIni(text);
        const inside = (s: { start: number; end: number }) => 0 <= s.start && s.start <= s.end && s.end <= text.length;
        for (const section of file.sections) {
          assert.ok(inside(section.header));
          for (const e of section.entries) {
            assert.ok(inside(e.span) && inside(e.keySpan) && inside(e.valueSpan));
            assert.ok(e.span.start <= e.keySpan.start && e.valueSpan.end <= e.span.end);
            for (const s of e.segments) assert.ok(s.span.start >= e.valueSpan.start && s.span.end <= e.valueSpan.end);
          }
        }
        for (const c of file.comments) assert.ok(inside(c));
        for (const e of file.errors) assert.ok(inside(e));
      }),
      { numRuns: 500 },
    );
  });
});

suite('values as uWSGI reads them', () => {
  test('flags: only false/off/no/0 (any case) are off; empty, "false ; x" are on (verified with master)', () => {
    for (const v of ['false', 'FALSE', 'off', 'no', '0']) assert.equal(isTruthy(v), false, v);
    for (const v of ['true', '1', 'yes', 'on', '', 'false ; x']) assert.equal(isTruthy(v), true, v);
  });

  test('%(key) takes the first value of a repeated key, forward references work (verified)', () => {
    const file = parseUwsgiIni('[uwsgi]\nfoo = %(later)\na = 1\na = 2\nb = %(a)\nc = %(b)-%(a)\nlater = L\nd = %(nope)\ne = $(HOME)\n');
    const value = (key: string) => resolvedValue(file, optionEntries(file, key)[0]!);
    assert.equal(value('foo'), 'L');
    assert.equal(value('b'), '1');
    assert.equal(value('c'), '1-1');
    assert.equal(value('d'), undefined);
    assert.equal(value('e'), undefined);
  });

  test('numbers are read like atoi; a placeholder cycle gives up', () => {
    const file = parseUwsgiIni('[uwsgi]\np = 4 ; four\nq = %(r)\nr = %(q)\n');
    assert.equal(intValue(file, optionEntries(file, 'p')[0]!), 4);
    assert.equal(intValue(file, optionEntries(file, 'q')[0]!), undefined);
  });
});

suite('WebSocket and build decisions', () => {
  const settings = (over: Partial<Settings> = {}) => resolveSettings(over);

  test('websocketApp yes/no decide; auto looks for evidence', () => {
    const plain = parseUwsgiIni('[uwsgi]\nmodule = shop.wsgi:application\n');
    assert.deepEqual(classifyUwsgiApp(plain, settings()), { websocket: 'maybe', socketio: 'maybe', evidence: [] });
    assert.equal(classifyUwsgiApp(plain, settings({ websocketApp: 'yes' })).socketio, 'yes');
    assert.equal(classifyUwsgiApp(plain, settings({ websocketApp: 'no' })).websocket, 'no');
    const gevent = classifyUwsgiApp(parseUwsgiIni('[uwsgi]\ngevent = 100\n'), settings());
    assert.deepEqual([gevent.websocket, gevent.socketio], ['yes', 'maybe']);
    const sio = classifyUwsgiApp(parseUwsgiIni('[uwsgi]\nmodule = chat.socketio_app:app\n'), settings());
    assert.deepEqual([sio.websocket, sio.socketio], ['yes', 'yes']);
    assert.equal(classifyUwsgiApp(parseUwsgiIni('[uwsgi]\nhttp-websockets = false\n'), settings()).websocket, 'maybe');
    assert.equal(classifyUwsgiApp(parseUwsgiIni('[uwsgi]\nmodule = proj.asgi:application\n'), settings()).websocket, 'yes');
  });

  test('the build: setting, then Debian paths or a plugins line, else unknown', () => {
    const bare = parseUwsgiIni('[uwsgi]\nmodule = app\n');
    const withPlugins = parseUwsgiIni('[uwsgi]\nplugins = python3\n');
    assert.equal(uwsgiBuild(bare, '/srv/app/uwsgi.ini', DEFAULT_SETTINGS), undefined);
    assert.equal(uwsgiBuild(bare, '/etc/uwsgi/apps-available/app.ini', DEFAULT_SETTINGS), 'debian');
    assert.equal(uwsgiBuild(withPlugins, '/srv/app/uwsgi.ini', DEFAULT_SETTINGS), 'debian');
    assert.equal(uwsgiBuild(withPlugins, '/srv/app/uwsgi.ini', settings({ uwsgiBuild: 'pip' })), 'pip');
    assert.equal(debianApp('/etc/uwsgi/apps-enabled/chat.ini'), 'enabled');
    assert.equal(debianApp('/srv/uwsgi.ini'), undefined);
  });

  test('rules follow the build setting: pip silences plugins and enables die-on-term; unknown gives one info', () => {
    const text = '[uwsgi]\nmaster = true\nmodule = chat:app\ngevent = 1000\nhttp = :5000\nhttp-websockets = true\n';
    const lint = (over: Partial<Settings>) => {
      const path = '/srv/chat/uwsgi.ini';
      const service = createLanguageService({ host: createMemoryHost(new Map([[path, text]])), settings: over });
      return service.lint([path], { only: ['uwsgi/debian-plugin-not-loaded', 'uwsgi/die-on-term'] }).findings.map((f) => `${f.severity} ${f.ruleId}`);
    };
    assert.deepEqual(lint({ uwsgiBuild: 'pip' }), ['info uwsgi/die-on-term']);
    assert.deepEqual(lint({}), ['info uwsgi/debian-plugin-not-loaded']);
    assert.deepEqual(lint({ uwsgiBuild: 'debian' }), Array(3).fill('error uwsgi/debian-plugin-not-loaded'));
  });

  test('websocketApp "no" silences the WebSocket rules', () => {
    const path = '/srv/shop/uwsgi.ini';
    const text = '[uwsgi]\nmaster = true\nmodule = shop.wsgi\nprocesses = 8\nharakiri = 30\nhttp = :8000\nbuffer-size = 32768\nstrict = true\n';
    const service = createLanguageService({ host: createMemoryHost(new Map([[path, text]])), settings: { websocketApp: 'no', uwsgiBuild: 'pip' } });
    const ids = service.lint([path]).findings.map((f) => f.ruleId);
    assert.deepEqual(ids, ['uwsgi/die-on-term']);
  });
});

suite('uwsgi knowledge', () => {
  test('the table holds the 2.0.21 options of core and the Debian plugins', () => {
    assert.ok(allOptionNames().length > 900);
    assert.deepEqual([pluginOf('socket'), pluginOf('module'), pluginOf('gevent'), pluginOf('http-websockets'), pluginOf('ugreen'), pluginOf('greenlet'), pluginOf('asyncio')],
      ['core', 'python3', 'gevent_python3', 'http', 'ugreen', 'greenlet_python3', 'asyncio_python3']);
    assert.equal(lookupOption('master')!.arg, 'flag');
    assert.equal(lookupOption('master')!.short, 'M');
    assert.equal(lookupOption('harakiri')!.arg, 'value');
    assert.equal(lookupOption('start_response-nodelay')!.plugin, 'python3');
  });

  test('aliases: workers is processes, venv is home, httprouter is http', () => {
    assert.equal(canonicalName('workers'), 'processes');
    assert.deepEqual(namesOf('venv'), ['home', 'virtualenv', 'venv', 'pyhome']);
    assert.equal(canonicalName('httprouter'), 'http');
    assert.equal(noteOf('workers'), noteOf('processes'));
    assert.equal(docsUrl('workers'), 'https://uwsgi-docs.readthedocs.io/en/latest/Options.html#processes');
  });

  test('lookups are exact; near misses are found separately', () => {
    assert.equal(lookupOption('enable_threads'), undefined);
    assert.equal(normalizedOption('enable_threads'), 'enable-threads');
    assert.equal(normalizedOption('Master'), 'master');
    assert.equal(normalizedOption('master'), undefined);
    assert.deepEqual(didYouMean('gevnt'), ['gevent']);
    assert.deepEqual(didYouMean('procesess'), ['processes']);
  });

  test('names from user files such as constructor or __proto__ find nothing', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      assert.equal(lookupOption(name), undefined);
      assert.equal(noteOf(name), undefined);
      assert.equal(pluginOfItem(name), undefined);
    }
  });

  test('plugin list items: names, versioned twins, file names and paths', () => {
    assert.equal(pluginOfItem('python3'), 'python3');
    assert.equal(pluginOfItem('python311'), 'python3');
    assert.equal(pluginOfItem('gevent_python3_plugin.so'), 'gevent_python3');
    assert.equal(pluginOfItem('/usr/lib/uwsgi/plugins/http_plugin.so'), 'http');
    assert.equal(pluginOfItem('Python3'), undefined);
  });
});

suite('uwsgi rules on arbitrary input', () => {
  const SEED = [
    '[uwsgi]', 'plugins = gevent_python3,python3', 'module = chat_socketio:socketio', 'callable = sio', 'master = false ; x',
    'processes = %(n)', 'n = 4', 'gevent = 100', 'threads = 2', 'async = 10', 'ugreen', 'http = :5000', 'http-websockets = off',
    'harakiri = 30', 'socket = :3031 ; c', 'http-socket = /run/a.sock', 'enable_threads = true', 'strict = true', 'base = /x',
    'chdir = %(base)/%n', '# 100%', '[ uwsgi ]', '= 1', '[dev', 'x = %q $(HOME) @(f)',
  ];
  const line = fc.oneof(fc.constantFrom(...SEED), fc.string({ maxLength: 12 }));
  test('never throws; findings and fix edits stay inside the file (property)', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 25 }), fc.constantFrom('\n', '\r\n'), fc.constantFrom<Partial<Settings>>({}, { uwsgiBuild: 'debian' }, { uwsgiBuild: 'pip', websocketApp: 'yes' }), (lines, eol, settings) => {
        const text = lines.join(eol);
        for (const path of ['/srv/a/uwsgi.ini', '/etc/uwsgi/apps-enabled/a.ini']) {
          const service = createLanguageService({ host: createMemoryHost(new Map([[path, text]])), settings });
          for (const f of service.lint([path]).findings) {
            assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, `${f.ruleId} ${f.span.start}-${f.span.end}`);
            for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `${f.ruleId} fix`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
