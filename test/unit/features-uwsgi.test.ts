/**
 * Editor features in uwsgi.ini at the service boundary, cursor-based: `<|>` marks the cursor.
 * Also: every uWSGI snippet, with its tab stops at their defaults, lints clean.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver-types';
import { createLanguageService, type LanguageService } from '../../server/src/service';
import type { Settings } from '../../server/src/service/settings';
import { createMemoryHost } from '../support/memory-host';

const PATH = '/srv/chat/uwsgi.ini';
const CURSOR = '<|>';

function setup(text: string, path = PATH, settings: Partial<Settings> = {}): { service: LanguageService; offset: number; text: string; path: string } {
  const offset = text.indexOf(CURSOR);
  const clean = text.replace(CURSOR, '');
  return { service: createLanguageService({ host: createMemoryHost(new Map([[path, clean]])), settings }), offset, text: clean, path };
}

function hoverText(text: string, path = PATH): string {
  const s = setup(text, path);
  const hover = s.service.hover(s.path, s.offset);
  assert.ok(hover, 'expected a hover');
  return (hover.contents as { value: string }).value;
}

function completion(text: string, path = PATH): { labels: string[]; items: CompletionItem[] } {
  const s = setup(text, path);
  const items = s.service.complete(s.path, s.offset).items;
  return { labels: items.map((i) => i.label), items };
}

suite('uwsgi hover', () => {
  test('on an option: meaning, default, plugin, docs link, WebSocket note', () => {
    const md = hoverText('[uwsgi]\nharak<|>iri = 30\n');
    assert.match(md, /\*\*harakiri\*\* · uWSGI option/);
    assert.match(md, /Default: 0 \(off\)/);
    assert.match(md, /Plugin: none/);
    assert.match(md, /\*\*WebSocket:\*\* .*whole worker/);
    assert.match(md, /\(https:\/\/uwsgi-docs\.readthedocs\.io\/en\/latest\/Options\.html#harakiri\)/);
    assert.match(md, /Command line: `--harakiri`, `-t`/);
  });

  test('on a plugin option: which Debian plugin to load', () => {
    assert.match(hoverText('[uwsgi]\n<|>gevent = 1000\n'), /Plugin: `gevent_python3` \(Debian\/Ubuntu: load it with `plugins = python3,gevent_python3`\)/);
    assert.match(hoverText('[uwsgi]\nhttp-web<|>sockets = true\n'), /plugins = http`/);
  });

  test('on an alias: the note of the canonical option and its other names', () => {
    const md = hoverText('[uwsgi]\nwork<|>ers = 1\n');
    assert.match(md, /Socket\.IO keeps each session in one process/);
    assert.match(md, /Also written: `processes`/);
    assert.match(md, /Options\.html#processes/);
  });

  test('on an unknown key and on a custom placeholder key', () => {
    assert.match(hoverText('[uwsgi]\ngev<|>nt = 1000\n'), /unknown to uWSGI[\s\S]*Did you mean `gevent`\?/);
    assert.match(hoverText('[uwsgi]\nba<|>se = /srv\nchdir = %(base)\n'), /custom placeholder/);
  });

  test('on %(key): the value uWSGI substitutes (the first one), resolved', () => {
    const md = hoverText('[uwsgi]\nroot = /srv\nbase = %(root)/chat\nbase = /other\nchdir = %(ba<|>se)\n');
    assert.match(md, /`%\(base\)` → `\/srv\/chat`/);
    assert.match(md, /line 3/);
    assert.match(hoverText('[uwsgi]\nchdir = %(no<|>pe)\n'), /not defined in this file/);
  });

  test('on a magic variable: its meaning and, from the path, its value', () => {
    assert.match(hoverText('[uwsgi]\npidfile = /run/%<|>n.pid\n'), /name without its extension[\s\S]*Here: `uwsgi`/);
    assert.match(hoverText('[uwsgi]\nchdir = %<|>d\n'), /Here: `\/srv\/chat\/`/);
    assert.match(hoverText('[uwsgi]\nx = %<|>q\n'), /not a uWSGI magic variable/);
    assert.match(hoverText('[uwsgi]\nx = $(WEB_<|>CONCURRENCY)\n'), /environment variable WEB_CONCURRENCY/);
  });

  test('a plain app.ini with a [uwsgi] section gets uWSGI hovers', () => {
    assert.match(hoverText('[uwsgi]\nmas<|>ter = true\n', '/srv/chat/app.ini'), /\*\*master\*\* · uWSGI option/);
  });

  test('no hover on comments and section headers', () => {
    const s = setup('; mas<|>ter\n[uwsgi]\n');
    assert.equal(s.service.hover(s.path, s.offset), undefined);
  });
});

suite('uwsgi completion', () => {
  test('option names at the start of a line, WebSocket-relevant ones first', () => {
    const { labels, items } = completion('[uwsgi]\ngev<|>\n');
    assert.ok(labels.includes('gevent'));
    assert.ok(labels.includes('http-websockets'));
    assert.ok(labels.length > 900);
    const gevent = items.find((i) => i.label === 'gevent')!;
    assert.match(gevent.detail ?? '', /plugin gevent_python3/);
    assert.equal((gevent.textEdit as { newText: string }).newText, 'gevent');
    assert.deepEqual((gevent.textEdit as { range: unknown }).range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
    const sorted = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
    assert.ok(sorted.findIndex((i) => i.label === 'gevent') < sorted.findIndex((i) => i.label === 'gevent-wait-for-hub'));
  });

  test('values: true/false for flags, known values for enumerations', () => {
    assert.deepEqual(completion('[uwsgi]\nmaster = <|>\n').labels, ['true', 'false']);
    assert.deepEqual(completion('[uwsgi]\nhttp-websockets = t<|>\n').labels, ['true', 'false']);
    assert.ok(completion('[uwsgi]\nplugins = <|>\n').labels.includes('python3,gevent_python3'));
    assert.ok(completion('[uwsgi]\nprotocol = <|>\n').labels.includes('http'));
    assert.deepEqual(completion('[uwsgi]\nharakiri = <|>\n').labels, []);
  });

  test('placeholders after %(, closing the parenthesis when needed', () => {
    const { labels, items } = completion('[uwsgi]\nbase = /srv/chat\nsocket = /run/x.sock\nchdir = %(<|>\n');
    assert.ok(labels.includes('base') && labels.includes('socket'));
    assert.equal((items.find((i) => i.label === 'base')!.textEdit as { newText: string }).newText, 'base)');
    const closed = completion('[uwsgi]\nbase = /srv\nchdir = %(b<|>)\n').items.find((i) => i.label === 'base')!;
    assert.equal((closed.textEdit as { newText: string }).newText, 'base');
  });

  test('section header and comments', () => {
    assert.deepEqual(completion('[uw<|>\n').labels, ['uwsgi']);
    assert.deepEqual(completion('[uwsgi]\n; gev<|>\n').labels, []);
  });
});

suite('uwsgi definition', () => {
  test('%(key) goes to the entry uWSGI substitutes', () => {
    const s = setup('[uwsgi]\nbase = /srv/chat\nbase = /other\nchdir = %(ba<|>se)\n');
    const [target] = s.service.definition(s.path, s.offset);
    assert.ok(target);
    assert.equal(s.text.slice(target.selection.start, target.selection.end), 'base');
    assert.equal(s.text.slice(target.span.start, target.span.end), 'base = /srv/chat');
    assert.equal(s.text.slice(target.origin.start, target.origin.end), '%(base)');
  });
});

suite('uwsgi snippets', () => {
  const snippets = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'snippets', 'uwsgi.json'), 'utf8')) as Record<string, { body: string[] }>;
  for (const [name, snippet] of Object.entries(snippets)) {
    for (const settings of [{}, { uwsgiBuild: 'debian' as const }]) {
      test(`"${name}" lints clean (${settings.uwsgiBuild ?? 'build unknown'})`, () => {
        const text = `${snippet.body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '')}\n`;
        const s = setup(text, PATH, settings);
        const findings = s.service.lint([PATH]).findings.map((f) => `${f.ruleId}: ${f.message}`);
        assert.deepEqual(findings, []);
      });
    }
  }
});
