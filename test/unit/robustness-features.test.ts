/**
 * No input may crash or hang any editor feature. Every feature of the facade (lint, hover,
 * complete, symbols, definition, folding, fixAll, and the code actions the LSP adapter builds
 * from the findings) is driven over nginx.conf, gunicorn.conf.py and uwsgi.ini documents with
 * (a) random and mutated texts and offsets, seeded with the snippets and the rule fixtures, and
 * (b) named pathological inputs: huge nesting, 1 MB lines of one character, BOM, NUL, lone
 * surrogates, CR-only and CRLF files, offsets before, at and past the end, and names that are
 * Object.prototype members. Each result must lie inside its text. Hangs show as test timeouts.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';
import fc from 'fast-check';
import type { CompletionItem, Diagnostic, DocumentSymbol, Range, TextEdit } from 'vscode-languageserver-types';
import { formatText } from '../../server/src/cli/formatters/text';
import { findingToDiagnostic, Positions } from '../../server/src/lsp/convert';
import { computeCodeActions, createLanguageService, type LanguageService } from '../../server/src/service';
import { GUNICORN_SNIPPETS } from '../../server/src/service/features/gunicorn-completion';
import { applyEdits } from '../../server/src/service/text/apply-edits';
import { LineIndex } from '../../server/src/service/text/line-index';
import { createMemoryHost } from '../support/memory-host';
import { mutate, type Mutation } from '../support/mutate';

type Lang = 'nginx' | 'gunicorn' | 'uwsgi';
const LANGS: readonly Lang[] = ['nginx', 'gunicorn', 'uwsgi'];
const PATHS: Readonly<Record<Lang, string>> = { nginx: '/w/nginx.conf', gunicorn: '/w/gunicorn.conf.py', uwsgi: '/w/uwsgi.ini' };
const SLOW = { timeout: 20_000 };
const FIX_ALL_LIMIT = 300_000;

const ROOT = join(__dirname, '..', '..', '..');

// ---------------------------------------------------------------------------------------------
// Seeds: the snippets (as written, and with their tab stops filled in) and the rule fixtures.

function stripTabStops(body: string): string {
  return body.replace(/\$\{\d+\|([^,|}]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}

function snippetBodies(file: string): string[] {
  const json = JSON.parse(readFileSync(join(ROOT, 'snippets', file), 'utf8')) as Record<string, { body: string | string[] }>;
  return Object.values(json).map((s) => (Array.isArray(s.body) ? s.body.join('\n') : s.body));
}

function fixtureTexts(lang: Lang): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('.json')) out.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(ROOT, 'test', 'fixtures', 'rules', lang));
  return out;
}

function seedsFor(lang: Lang): string[] {
  const snippets =
    lang === 'nginx' ? snippetBodies('nginx.json') : lang === 'uwsgi' ? snippetBodies('uwsgi.json') : GUNICORN_SNIPPETS.map((s) => s.body.join('\n'));
  const seeds = [...snippets, ...snippets.map(stripTabStops), ...fixtureTexts(lang)];
  assert.ok(seeds.length > 5, `too few ${lang} seeds`);
  return seeds;
}

// ---------------------------------------------------------------------------------------------
// The driver: every feature at the given offsets, with range checks.

function checkRange(index: LineIndex, range: Range, what: string): void {
  for (const position of [range.start, range.end]) {
    assert.ok(Number.isInteger(position.line) && Number.isInteger(position.character), `${what}: ${JSON.stringify(range)}`);
    assert.ok(position.line >= 0 && position.line < index.lineCount && position.character >= 0, `${what}: ${JSON.stringify(range)} outside the text`);
    // A position past its line's end would round-trip to another one.
    assert.deepEqual(index.positionAt(index.offsetAt(position)), position, `${what}: ${JSON.stringify(range)} past the end of its line`);
  }
  assert.ok(index.offsetAt(range.start) <= index.offsetAt(range.end), `${what}: ${JSON.stringify(range)} is reversed`);
}

function contains(outer: Range, inner: Range, index: LineIndex): boolean {
  return index.offsetAt(outer.start) <= index.offsetAt(inner.start) && index.offsetAt(inner.end) <= index.offsetAt(outer.end);
}

function checkSymbols(symbols: readonly DocumentSymbol[], index: LineIndex, depth = 0): void {
  for (const symbol of symbols) {
    assert.equal(typeof symbol.name, 'string');
    assert.ok(Number.isInteger(symbol.kind) && symbol.kind >= 1 && symbol.kind <= 26, `symbol kind ${String(symbol.kind)}`);
    checkRange(index, symbol.range, `symbol ${symbol.name}`);
    checkRange(index, symbol.selectionRange, `symbol ${symbol.name} selection`);
    assert.ok(contains(symbol.range, symbol.selectionRange, index), `symbol ${symbol.name}: selectionRange outside range`);
    if (symbol.children) checkSymbols(symbol.children, index, depth + 1);
  }
}

function completionRanges(item: CompletionItem): Range[] {
  const edit = item.textEdit;
  if (!edit) return [];
  return 'range' in edit ? [edit.range] : [edit.insert, edit.replace];
}

function exercise(lang: Lang, text: string, offsets: readonly number[], extraFiles: ReadonlyMap<string, string> = new Map()): void {
  const path = PATHS[lang];
  const files = new Map<string, string>([...extraFiles, [path, text]]);
  const service: LanguageService = createLanguageService({ host: createMemoryHost(files) });
  assert.equal(service.detectLanguage(path, text), lang);
  const index = new LineIndex(text);
  const within = (span: { start: number; end: number }, what: string, length = text.length) =>
    assert.ok(span.start >= 0 && span.start <= span.end && span.end <= length, `${what} ${span.start}-${span.end} outside 0-${length}`);

  const { findings } = service.lint([path]);
  for (const finding of findings) {
    const length = files.get(finding.file)?.length ?? 0;
    within(finding.span, finding.ruleId, length);
    for (const fix of finding.fixes) for (const edit of fix.edits) within(edit, `${finding.ruleId} fix`, files.get(edit.file)?.length ?? 0);
  }

  for (const offset of offsets) {
    const hover = service.hover(path, offset);
    if (hover) {
      assert.equal(typeof (hover.contents as { value: unknown }).value, 'string');
      if (hover.range) checkRange(index, hover.range, `hover at ${offset}`);
    }
    const list = service.complete(path, offset);
    assert.ok(Array.isArray(list.items));
    for (const item of list.items) {
      assert.equal(typeof item.label, 'string');
      for (const range of completionRanges(item)) checkRange(index, range, `completion ${item.label} at ${offset}`);
    }
    for (const target of service.definition(path, offset)) {
      within(target.origin, `definition origin at ${offset}`);
      const length = files.get(target.file)?.length;
      assert.ok(length !== undefined, `definition target ${target.file} is not a file`);
      within(target.span, 'definition span', length);
      within(target.selection, 'definition selection', length);
    }
  }

  checkSymbols(service.symbols(path), index);
  for (const range of service.folding(path)) {
    assert.ok(range.startLine >= 0 && range.startLine <= range.endLine && range.endLine < index.lineCount, `folding ${JSON.stringify(range)}`);
  }

  // fixAll lints the file again (twice when a fix applies) in a fresh service: the same code
  // path as lint above. Skipped on the biggest texts only to keep this suite's time reasonable.
  if (text.length > FIX_ALL_LIMIT) return;
  const edits = service.fixAll(path);
  for (const edit of edits) within(edit, 'fixAll edit');
  applyEdits(text, edits);

  // Code actions as the LSP adapter asks for them: the published diagnostics (with data), one
  // without data (re-lint), and one whose range lies past the end of the text.
  const uri = `file://${path}`;
  const positions = new Positions({ text: (p) => files.get(p), uri: (p) => `file://${p}` });
  // The client sends the diagnostics at the cursor; a few dozen stand for any of them.
  const diagnostics = findings
    .filter((f) => f.file === path)
    .slice(0, 50)
    .map((f) => findingToDiagnostic(f, positions, { relatedInformation: true, dataSupport: true, version: 1 }));
  const bare: Diagnostic[] = diagnostics.slice(0, 1).map(({ data: _data, ...rest }) => rest);
  const beyond: Diagnostic = {
    range: { start: { line: index.lineCount + 5, character: 3 }, end: { line: index.lineCount + 5, character: 9 } },
    code: `${lang}/syntax`,
    source: 'wsconf',
    message: 'stale',
  };
  const actions = computeCodeActions({
    uri,
    text,
    version: 1,
    diagnostics: [...diagnostics, ...bare, beyond],
    recompute: () => diagnostics,
    fileDiagnostics: () => diagnostics,
    fixAll: (ruleId) => {
      const all = service.fixAll(path, ruleId !== undefined ? { ruleId } : {});
      return all.map((e): TextEdit => ({ range: positions.range(e.file, e), newText: e.text }));
    },
  });
  for (const action of actions) {
    for (const [target, textEdits] of Object.entries(action.edit?.changes ?? {})) {
      if (target !== uri) continue;
      for (const edit of textEdits) checkRange(index, edit.range, `code action ${action.title}`);
    }
  }
}

/** Offsets worth trying in any text: both ends, past both ends, and every line boundary nearby. */
function edgeOffsets(text: string): number[] {
  const out = new Set<number>([-1, 0, 1, text.length - 1, text.length, text.length + 1, text.length + 1000, Math.floor(text.length / 2)]);
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// (a) Property tests.

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 4 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      '{', '}', '"', "'", ';', '#', '\\', '$', '${', '\n', '\r', '\r\n', '\0', '\uFEFF', '\uD800', '\uDC00', '(', ')', '[', ']', '=', '%(', '%', ':',
      '"""', 'def ', 'lambda', '\t', '    ', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf',
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 20 }) }),
);

const PIECES: Readonly<Record<Lang, readonly string[]>> = {
  nginx: [
    '{', '}', ';', '"', "'", '#', '\n', ' ', 'server', 'location', '/x', 'proxy_pass', 'http://', 'app', 'upstream', 'map', '$a', '${b}', 'include',
    'proxy_params', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '$constructor', 'http://constructor', 'if', '(', ')', '\\', '\r',
  ],
  gunicorn: [
    'workers', 'worker_class', ' = ', '=', '"', "'", '"""', '(', ')', '[', ']', '{', '}', ',', ':', '\n', '    ', '#', 'def ', 'on_starting', 'post_fork',
    'server', 'worker', 'lambda', 'True', '1', '"gevent"', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '\\', 'import os', '+', '\r',
  ],
  uwsgi: [
    '[uwsgi]', '[', ']', '\n', ' = ', '=', ';', '#', 'master', 'processes', 'http-socket', 'socket', 'gevent', 'plugins', '%(', ')', '%d', '%', '$(',
    '@(', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'true', '1', ':', '\\', '\r', 'for = a b', 'endfor', 'if-env', 'endif',
  ],
};

/** A text likely to be read as `lang` (the uWSGI and gunicorn paths decide by name alone). */
function textArbitrary(lang: Lang, seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...seeds), fc.array(mutation as fc.Arbitrary<Mutation>, { minLength: 0, maxLength: 6 })).map(([seed, m]) => mutate(seed, m)) },
    { weight: 2, arbitrary: fc.array(fc.constantFrom(...PIECES[lang]), { maxLength: 60 }).map((p) => p.join('')) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
  );
}

suite('every feature survives random and mutated documents', () => {
  for (const lang of LANGS) {
    test(`${lang}`, SLOW, () => {
      const seeds = seedsFor(lang);
      fc.assert(
        fc.property(textArbitrary(lang, seeds), fc.array(fc.integer({ min: -2, max: 4000 }), { maxLength: 4 }), (text, offsets) => {
          const inText = offsets.map((o) => (o >= 0 && o <= text.length + 1 ? o : o % (text.length + 2)));
          exercise(lang, text, [...inText, 0, text.length]);
        }),
        { numRuns: 100 },
      );
    });

    test(`${lang}: every seed at every offset`, SLOW, () => {
      for (const seed of seedsFor(lang).slice(0, 30)) {
        const offsets: number[] = [];
        for (let i = 0; i <= seed.length; i += Math.max(1, Math.floor(seed.length / 40))) offsets.push(i);
        exercise(lang, seed, [...offsets, ...edgeOffsets(seed)]);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// (b) Named pathological inputs.

const MB = 1_000_000;

const EDGE_TEXTS: readonly [string, string][] = [
  ['empty', ''],
  ['only CR', '\r'],
  ['only CRs', '\r\r\r'],
  ['only LF', '\n'],
  ['BOM only', '\uFEFF'],
  ['NUL only', '\0'],
  ['lone high surrogate', '\uD800'],
  ['lone low surrogate', '\uDC00'],
  ['reversed surrogate pair', '\uDC00\uD800'],
];

const SAMPLE: Readonly<Record<Lang, string>> = {
  nginx: 'events {}\nhttp {\n    # a comment\n    # another\n    upstream app { server 127.0.0.1:5000; }\n    server {\n        listen 80;\n        location /ws/ {\n            proxy_pass http://app;\n            proxy_set_header Upgrade $http_upgrade;\n        }\n    }\n}\n',
  gunicorn: '# settings\n# for the app\nbind = "127.0.0.1:5000"\nworkers = 2\nworker_class = "gevent"\nraw_env = [\n    "A=1",\n]\n\ndef post_fork(server, worker):\n    pass\n',
  uwsgi: '; comment\n; more\n[uwsgi]\nbase = /srv/app\nchdir = %(base)\nmaster = true\nprocesses = 2\nhttp-socket = :5000\nlogto = %d/log\n',
};

/** The sample text in the shape of each named edge case. */
function variants(lang: Lang): [string, string][] {
  const sample = SAMPLE[lang];
  const mid = Math.floor(sample.length / 2);
  return [
    ...EDGE_TEXTS,
    ['sample', sample],
    ['CRLF', sample.replace(/\n/g, '\r\n')],
    ['CR only line ends', sample.replace(/\n/g, '\r')],
    ['BOM', `\uFEFF${sample}`],
    ['NUL at the start', `\0${sample}`],
    ['NUL in the middle', `${sample.slice(0, mid)}\0${sample.slice(mid)}`],
    ['lone surrogate in the middle', `${sample.slice(0, mid)}\uD83D${sample.slice(mid)}`],
    ['no final newline', sample.trimEnd()],
    ['cut in half', sample.slice(0, mid)],
  ];
}

suite('edge documents at every offset', () => {
  for (const lang of LANGS) {
    for (const [name, text] of variants(lang)) {
      test(`${lang}: ${name}`, () => {
        const offsets: number[] = [];
        for (let i = 0; i <= text.length; i++) offsets.push(i);
        exercise(lang, text, [...offsets, ...edgeOffsets(text)]);
      });
    }
  }
});

/**
 * Texts that defeat naive recursion or backtracking; the uWSGI ones start with a header.
 * Python garbage is 100 KB, not 1 MB: Lezer's error recovery alone takes some 6 s per MB of
 * it, linear but too slow for this suite (a quadratic step would still show at 100 KB). Runs
 * of lines are 10k long: each line is a finding, and fixAll lints again per pass.
 */
function pathological(lang: Lang): [string, string][] {
  const n = 100_000;
  // One document of long lines, one pattern each; the cursor goes to the middle and the end of
  // every line, where completion reads the line as typed (a quadratic regex takes seconds per
  // call at 50 KB; the 1 MB cases below make it a timeout).
  const lineSize = lang === 'gunicorn' ? 4_000 : 50_000;
  const patterns = ['a', '$', '{', '"', "'", '\\', '(', '[', '%', '=', ' ', '#', ';', '\t', 'a b ', '${', '%(', '$(', 'a=', '"a" ', '\\"'];
  const longLines = patterns.map((p) => p.repeat(Math.ceil(lineSize / p.length)));
  // `/[A-Za-z0-9_]*$/` on the line before the cursor was quadratic on a long word that ends in another character.
  longLines.push(`${'a'.repeat(lineSize)}.`, `${'a'.repeat(lineSize)} `, `${'a'.repeat(lineSize)}-x`);
  const header = lang === 'uwsgi' ? '[uwsgi]\n' : '';
  const common: [string, string][] = [
    [`long lines of ${patterns.length + 3} patterns`, longLines.join('\n')],
    ...(lang === 'gunicorn' ? [] : [['the same long lines after `key = `', longLines.map((line) => `workers = ${line}`).join('\n')]]),
    ...(lang === 'gunicorn' ? [] : ['a', '$', '{', '"'].map((c): [string, string] => [`1 MB line of ${JSON.stringify(c)}`, c.repeat(MB)])),
    // At 1 MB the quadratic completion regex would take minutes: the test times out.
    ...(lang === 'gunicorn' ? [] : [['1 MB word then a dot', `${'a'.repeat(MB)}.`], ['1 MB word then a space', `${'a'.repeat(MB)} `]]),
    ['10k lines of "{"', '{\n'.repeat(10_000)],
    ['10k short lines', 'a\n'.repeat(10_000)],
  ].map(([name, text]): [string, string] => [name!, `${header}${text}`]);
  switch (lang) {
    case 'nginx':
      return [
        ...common,
        ['100k nested "{"', '{'.repeat(n)],
        ['100k nested "a {"', 'a {'.repeat(n)],
        ['100k nested locations, closed', `${'location / {'.repeat(n)}${'}'.repeat(n)}`],
        ['100k nested if blocks', `location / {${'if ($a) {'.repeat(n)}`],
        ['100k nested lua blocks', 'content_by_lua_block {'.repeat(n)],
        ['1 MB proxy_pass argument', `proxy_pass http://${'a'.repeat(MB)}`],
        ['1 MB variable', `set $${'a'.repeat(MB)} 1;`],
        ['1 MB quoted argument', `return 200 "${'a'.repeat(MB)}`],
        ['1 MB location regex', `location ~ ${'(a*)*'.repeat(MB / 5)}`],
        ['10k directives on one line', 'a;'.repeat(10_000)],
        ['10k upstream servers', `upstream app {${'server 127.0.0.1;'.repeat(10_000)}}`],
      ];
    case 'gunicorn':
      return [
        ...common,
        ['100k nested "("', `x = ${'('.repeat(n)}`],
        ['100k nested "["', `x = ${'['.repeat(n)}`],
        ['100k nested "{"', `x = ${'{'.repeat(n)}`],
        ['100k nested unary minus', `workers = ${'-'.repeat(n)}1`],
        ['10k nested not', `daemon = ${'not '.repeat(10_000)}True`],
        ['10k chained +', `bind = ${'"a" + '.repeat(10_000)}"b"`],
        ['10k nested lambdas', `post_fork = ${'lambda: '.repeat(10_000)}1`],
        ['10k nested calls', `x = ${'f('.repeat(10_000)}${')'.repeat(10_000)}`],
        ['1000 indented defs', Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}def f${i}():`).join('\n')],
        // Lezer parses these; our evaluation of the value recursed once per level.
        ['2000 nested closed lists', `raw_env = ${'['.repeat(2000)}${']'.repeat(2000)}`],
        ['2000 nested closed dicts', `logconfig_dict = ${'{"a": '.repeat(2000)}1${'}'.repeat(2000)}`],
        ['2000 nested parentheses', `workers = ${'('.repeat(2000)}1${')'.repeat(2000)}`],
        ['20k helper names, each defined by the previous one', `a0 = 1\n${Array.from({ length: 20_000 }, (_, i) => `a${i + 1} = a${i}`).join('\n')}\nworkers = a20000\n`],
        ['1 MB string', `bind = "${'a'.repeat(MB)}`],
        ['1 MB triple-quoted string', `bind = """${'a'.repeat(MB)}`],
        ['100 KB of backslashes in a string', `bind = "${'\\'.repeat(100_000)}"`],
        ['1 MB worker class', `worker_class = "${'a.'.repeat(MB / 2)}`],
        ['1 MB identifier', `${'a'.repeat(MB)} = 1`],
        ['10k assignments', 'workers = 1\n'.repeat(10_000)],
        ['10k continuation lines', `x = 1 \\\n${'+ 1 \\\n'.repeat(10_000)}`],
      ];
    case 'uwsgi':
      return [
        ...common,
        ['1 MB section header', `[${'a'.repeat(MB)}`],
        ['1 MB key', `[uwsgi]\n${'a'.repeat(MB)} = 1`],
        ['1 MB value of placeholders', `[uwsgi]\nx = ${'%(x)'.repeat(MB / 4)}`],
        ['10k chained placeholders', `[uwsgi]\n${Array.from({ length: 10_000 }, (_, i) => `k${i} = %(k${i + 1})`).join('\n')}`],
        ['10k self-referencing placeholders', `[uwsgi]\n${'x = %(x)%(x)\n'.repeat(10_000)}`],
        ['1 MB of magic variables', `[uwsgi]\nx = ${'%d'.repeat(MB / 2)}`],
        ['1 MB of unclosed env reads', `[uwsgi]\nx = ${'$(A'.repeat(MB / 3)}`],
        // The inline-comment rule's `/[ \t]+([;#].*)$/` was quadratic on a long run of blanks.
        ['1 MB of blanks inside a value', `[uwsgi]\nmaster = a${' '.repeat(MB)}x`],
        ['1 MB of blanks before an inline comment', `[uwsgi]\nmodule = app${' \t'.repeat(MB / 2)}; comment`],
        ['10k sections', '[uwsgi]\na = 1\n'.repeat(10_000)],
        ['10k for loops', `[uwsgi]\n${'for = a b c\n'.repeat(10_000)}`],
        ['10k if blocks', `[uwsgi]\n${'if-env = A\n'.repeat(10_000)}`],
        ['10k continuation-looking lines', `[uwsgi]\n${'a = b \\\n'.repeat(10_000)}`],
      ];
  }
}

suite('pathological documents complete', () => {
  for (const lang of LANGS) {
    for (const [name, text] of pathological(lang)) {
      test(`${lang}: ${name}`, SLOW, () => {
        const offsets = [0, 2, Math.floor(text.length / 2), text.length - 1, text.length, text.length + 1];
        // The end of each of the first 30 lines (completion reads the line up to the cursor).
        for (let end = text.indexOf('\n'), line = 0; end !== -1 && line < 30; end = text.indexOf('\n', end + 1), line++) offsets.push(end);
        exercise(lang, text, offsets);
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Names that are Object.prototype members are ordinary unknown names in every feature.

const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

const PROTO_DOCUMENTS: Readonly<Record<Lang, (name: string) => string>> = {
  nginx: (name) =>
    `${name};\n${name} x;\n${name} { ${name} y; }\nhttp {\n  upstream ${name} { server 127.0.0.1; }\n  map $${name} $${name}_x { default 1; }\n  server {\n    location / {\n      ${name} http://${name};\n      proxy_pass http://${name};\n      uwsgi_pass ${name};\n      set $a $${name};\n      return 200 "$${name} \${${name}}";\n      include ${name};\n    }\n  }\n}\n`,
  gunicorn: (name) =>
    `${name} = 1\n${name} = "${name}"\nworker_class = "${name}"\nworker_class = "${name}.${name}"\ndef ${name}(server):\n    pass\n${name} = lambda server: None\nimport ${name}\n`,
  uwsgi: (name) =>
    `[uwsgi]\n${name} = 1\n${name} = %(${name})\nplugins = ${name}\nx = %(${name}) $(${name}) @(${name})\nmaster = %(${name}\n[${name}]\n${name} = ${name}\n`,
};

suite('Object.prototype names are ordinary names', () => {
  for (const lang of LANGS) {
    for (const name of PROTO_NAMES) {
      test(`${lang}: ${name}`, () => {
        const text = PROTO_DOCUMENTS[lang](name);
        const offsets: number[] = [];
        for (let i = 0; i <= text.length; i++) offsets.push(i);
        exercise(lang, text, offsets);
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Regressions that need a closer look than "no throw".

suite('regressions', () => {
  test('a file with 150k findings is linted and printed (no spread of the findings as arguments)', SLOW, () => {
    const path = PATHS.uwsgi;
    const text = `[uwsgi]\n${'{\n'.repeat(150_000)}`;
    const service = createLanguageService({ host: createMemoryHost(new Map([[path, text]])) });
    const findings = service.lint([path]).findings;
    assert.ok(findings.length >= 150_000, String(findings.length));
    const index = new LineIndex(text);
    const cli = findings.map((finding) => ({
      finding,
      file: path,
      cwdFile: path,
      range: { start: index.positionAt(finding.span.start), end: index.positionAt(finding.span.end) },
      fixable: false,
    }));
    assert.match(formatText(cli, { color: false, fileCount: 1 }), /problems/);
  });

  test('completion at offset 0 of a file that starts with a line break replaces nothing before the cursor', () => {
    for (const lang of LANGS) {
      const text = lang === 'uwsgi' ? '\n[uwsgi]\n' : '\nx';
      const service = createLanguageService({ host: createMemoryHost(new Map([[PATHS[lang], text]])) });
      for (const item of service.complete(PATHS[lang], 0).items) {
        const edit = item.textEdit;
        assert.ok(edit && 'range' in edit, item.label);
        assert.deepEqual(edit.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, `${lang} ${item.label}`);
      }
    }
  });

  test('a stale diagnostic past the end of the text gets a disable comment on the last line', () => {
    const text = 'events {}\nfoo;\n';
    const [action] = computeCodeActions({
      uri: 'file:///w/nginx.conf',
      text,
      diagnostics: [{ range: { start: { line: 40, character: 0 }, end: { line: 40, character: 3 } }, code: 'nginx/unknown-directive', source: 'wsconf', message: 'x' }],
      only: ['quickfix'],
      recompute: () => [],
      fileDiagnostics: () => [],
      fixAll: () => [],
    });
    const edit = action?.edit?.changes?.['file:///w/nginx.conf']?.[0];
    assert.deepEqual(edit?.range.start, { line: 2, character: 0 });
  });

  test('an nginx block named like an Object.prototype member is an unknown block in the outline', () => {
    const text = '__proto__ { server { listen 80; } }\ntoString { }\nconstructor { }\n';
    const service = createLanguageService({ host: createMemoryHost(new Map([[PATHS.nginx, text]])) });
    assert.deepEqual(service.symbols(PATHS.nginx).map((s) => s.name), ['server listen 80']);
  });

  test('hover and definition on `constructor http://app;` are nothing, not a TypeError', () => {
    const text = 'http { upstream app { server 127.0.0.1; } server { location / { constructor http://app; } } }\n';
    const service = createLanguageService({ host: createMemoryHost(new Map([[PATHS.nginx, text]])) });
    const offset = text.indexOf('://app') + 4;
    assert.equal(service.hover(PATHS.nginx, offset), undefined);
    assert.deepEqual(service.definition(PATHS.nginx, offset), []);
  });

  test('a gunicorn value nested deeper than the evaluation limit is an expression, and the file is still analysed', () => {
    const text = `raw_env = ${'['.repeat(2000)}${']'.repeat(2000)}\nworkers = 3\n`;
    const service = createLanguageService({ host: createMemoryHost(new Map([[PATHS.gunicorn, text]])) });
    assert.deepEqual(service.symbols(PATHS.gunicorn).map((s) => s.name), ['raw_env', 'workers']);
  });

  test('gunicorn brackets nested beyond what Lezer can build give one error instead of a crash', SLOW, () => {
    const text = `x = ${'('.repeat(100_000)}`;
    const service = createLanguageService({ host: createMemoryHost(new Map([[PATHS.gunicorn, text]])) });
    const syntax = service.lint([PATHS.gunicorn], { only: ['gunicorn/syntax'] }).findings;
    assert.ok(syntax.length >= 1);
  });
});
