/**
 * Editor features at the service boundary, cursor-based: `<|>` marks the cursor in an inline
 * nginx text (architecture §4.12). Files live in memory; the first file is the one under test.
 */
import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import type { CodeAction, CompletionItem, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { Positions, findingToDiagnostic } from '../../server/src/lsp/convert';
import { createLanguageService, type LanguageService } from '../../server/src/service';
import { computeCodeActions, computeFixAll, disableLineEdit, FIX_ALL_KIND } from '../../server/src/service/features/code-actions';
import { validateEditorSettings } from '../../server/src/lsp/settings';
import { mergeSettingLayers, parseProjectConfig } from '../../server/src/service/config-file';
import { readLine } from '../../server/src/service/features/completion';
import { applyEdits } from '../../server/src/service/text/apply-edits';
import { LineIndex } from '../../server/src/service/text/line-index';
import type { Finding } from '../../server/src/service/types';
import { createMemoryHost } from '../support/memory-host';

const MAIN = '/etc/nginx/nginx.conf';
const CURSOR = '<|>';

interface Setup {
  readonly service: LanguageService;
  readonly path: string;
  readonly text: string;
  readonly offset: number;
  readonly files: Map<string, string>;
}

/** The first file holds the cursor; more files may follow as [path, text] pairs. */
function setup(text: string, path = MAIN, others: Record<string, string> = {}): Setup {
  const offset = text.indexOf(CURSOR);
  const clean = text.replace(CURSOR, '');
  const files = new Map<string, string>([[path, clean], ...Object.entries(others)]);
  return { service: createLanguageService({ host: createMemoryHost(files) }), path, text: clean, offset, files };
}

function hoverText(text: string, path = MAIN, others: Record<string, string> = {}): string {
  const s = setup(text, path, others);
  const hover = s.service.hover(s.path, s.offset);
  assert.ok(hover, 'expected a hover');
  const contents = hover.contents as { kind: string; value: string };
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

function completionLabels(text: string, path = MAIN, others: Record<string, string> = {}): { labels: string[]; items: CompletionItem[] } {
  const s = setup(text, path, others);
  const items = s.service.complete(s.path, s.offset).items;
  return { labels: items.map((i) => i.label), items };
}

function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  return applyEdits(
    text,
    edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText })),
  ).text;
}

const WS_SITE = `http {
    upstream app {
        server 127.0.0.1:5000;
    }
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
    server {
        listen 80;
        server_name example.com;
        location /socket.io/ {
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_pass http://app;
        }
    }
}
`;

suite('hover', () => {
  test('on proxy_pass: syntax, contexts, module, official description, WebSocket note and docs link', () => {
    const value = hoverText(WS_SITE.replace('proxy_pass http://app', `prox${CURSOR}y_pass http://app`));
    assert.match(value, /proxy_pass URL;/);
    assert.match(value, /\*\*Context:\*\* location/);
    assert.match(value, /ngx_http_proxy_module/);
    assert.match(value, /Sets the protocol and address of a proxied server/);
    assert.match(value, /\*\*WebSocket:\*\*/);
    assert.match(value, /https:\/\/nginx\.org\/en\/docs\/http\/ngx_http_proxy_module\.html#proxy_pass/);
  });

  test('on a directive with a default shows it', () => {
    const value = hoverText(WS_SITE.replace('proxy_http_version 1.1', `proxy_http_version${CURSOR} 1.1`));
    assert.match(value, /\*\*Default:\*\* `proxy_http_version 1\.[01];`/);
  });

  test('on a directive newer than some releases: the release that added it; none on old ones', () => {
    assert.match(hoverText(WS_SITE.replace('proxy_http_version 1.1;', `http${CURSOR}3 on;`)), /\*\*Since:\*\* nginx 1\.25\.0/);
    assert.doesNotMatch(hoverText(WS_SITE.replace('proxy_pass http://app', `prox${CURSOR}y_pass http://app`)), /Since/);
  });

  test('on $http_upgrade: what it holds and why it matters', () => {
    const s = setup(WS_SITE.replace('Upgrade $http_upgrade;', `Upgrade $http_up${CURSOR}grade;`));
    const hover = s.service.hover(s.path, s.offset)!;
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /`\$http_upgrade`/);
    assert.match(value, /Upgrade/);
    assert.match(value, /\*\*WebSocket:\*\*/);
    const index = new LineIndex(s.text);
    const start = s.text.indexOf('$http_upgrade;');
    assert.deepEqual(hover.range, { start: index.positionAt(start), end: index.positionAt(start + '$http_upgrade'.length) });
  });

  test('on a variable defined by map: where it is defined', () => {
    const value = hoverText(WS_SITE.replace('Connection $connection_upgrade;', `Connection $connection${CURSOR}_upgrade;`));
    assert.match(value, /Defined by `map \$http_upgrade \$connection_upgrade` \(this file, line 5\)/);
  });

  test('on an upstream name: its servers and where it is', () => {
    const value = hoverText(WS_SITE.replace('http://app;', `http://a${CURSOR}pp;`));
    assert.match(value, /\*\*upstream\*\* `app` \(this file, line 2\)/);
    assert.match(value, /server 127\.0\.0\.1:5000;/);
  });

  test('nothing on a comment or an unknown name', () => {
    const s = setup(`# a com${CURSOR}ment\nserver { listen 80; }\n`);
    assert.equal(s.service.hover(s.path, s.offset), undefined);
    const t = setup(`server { frobni${CURSOR}cate on; }\n`, '/srv/site/conf.d/app.conf');
    assert.equal(t.service.hover(t.path, t.offset), undefined);
  });
});

suite('completion', () => {
  test('inside location: only location-valid directives', () => {
    const { labels, items } = completionLabels(`http { server { location / {\n    proxy_${CURSOR}\n} } }\n`);
    for (const name of ['proxy_pass', 'proxy_set_header', 'proxy_http_version']) assert.ok(labels.includes(name), name);
    for (const name of ['listen', 'worker_processes', 'server_name', 'upstream']) assert.ok(!labels.includes(name), name);
    const proxyPass = items.find((i) => i.label === 'proxy_pass')!;
    assert.equal(proxyPass.detail, 'proxy_pass URL;');
    assert.match((proxyPass.documentation as { value: string }).value, /WebSocket/);
    assert.ok(proxyPass.kind !== undefined);
    // The item replaces the typed prefix.
    const edit = proxyPass.textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 10 } });
  });

  test('at server level: server directives', () => {
    const { labels } = completionLabels(`http {\n  server {\n    li${CURSOR}\n  }\n}\n`);
    assert.ok(labels.includes('listen'));
    assert.ok(labels.includes('location'));
    assert.ok(!labels.includes('worker_processes'));
  });

  test('in an unclosed block while typing', () => {
    const { labels } = completionLabels(`http {\n  server {\n    location /ws {\n      proxy_${CURSOR}`);
    assert.ok(labels.includes('proxy_pass'));
    assert.ok(!labels.includes('listen'));
  });

  test('after a half-typed line above', () => {
    const { labels } = completionLabels(`http {\n  server {\n    location /ws {\n      proxy_\n      proxy_set${CURSOR}\n    }\n  }\n}\n`);
    assert.ok(labels.includes('proxy_set_header'));
    assert.ok(!labels.includes('listen'));
  });

  test('in a fragment of unknown context: every directive', () => {
    const { labels } = completionLabels(`wor${CURSOR}`, '/srv/site/snippets/partial.inc');
    assert.ok(labels.includes('worker_processes'));
    assert.ok(labels.includes('proxy_pass'));
  });

  test('enumerated values of the first argument', () => {
    assert.deepEqual(completionLabels(`http { server { location / { proxy_buffering ${CURSOR} } } }`).labels, ['on', 'off']);
    assert.deepEqual(completionLabels(`http { server { location / { proxy_buffering o${CURSOR}` ).labels, ['on', 'off']);
    assert.ok(completionLabels(`http { server { location / { proxy_http_version ${CURSOR}; } } }`).labels.includes('1.1'));
  });

  test('variables after $, including those the config defines', () => {
    const { labels } = completionLabels(WS_SITE.replace('Connection $connection_upgrade;', `Connection $${CURSOR}`));
    assert.ok(labels.includes('$http_upgrade'));
    assert.ok(labels.includes('$connection_upgrade'));
    assert.ok(labels.includes('$host'));
  });

  test('upstream names after proxy_pass http://', () => {
    const { labels } = completionLabels(WS_SITE.replace('proxy_pass http://app;', `proxy_pass http://${CURSOR}`));
    assert.ok(labels.includes('app'));
    const scheme = completionLabels(WS_SITE.replace('proxy_pass http://app;', `proxy_pass ht${CURSOR}`));
    assert.ok(scheme.labels.includes('http://app'));
  });

  test('nothing inside a comment or a map body', () => {
    assert.deepEqual(completionLabels(`http { # proxy_${CURSOR}\n}`).labels, []);
    assert.deepEqual(completionLabels(`http { map $a $b {\n  def${CURSOR}\n} }`).labels, []);
  });

  test('readLine follows the tokenizer', () => {
    assert.deepEqual(readLine('    proxy_pass http://ap'), { previous: ['proxy_pass'], current: 'http://ap', word: 'ap', variable: false });
    assert.deepEqual(readLine('location / { proxy_'), { previous: [], current: 'proxy_', word: 'proxy_', variable: false });
    assert.equal(readLine('  # comment prox'), undefined);
    assert.equal(readLine('add_header X "$ho')!.variable, true);
  });
});

suite('symbols', () => {
  test('outline: http > server (server_name, listen) > location, upstream, map, events', () => {
    const s = setup(`events { worker_connections 1024; }\n${WS_SITE.replace('location /socket.io/ {', 'location / {\n location /socket.io/ {').replace('proxy_pass http://app;\n        }', 'proxy_pass http://app;\n        }\n }')}`);
    const symbols = s.service.symbols(s.path);
    const outline = (list: typeof symbols, depth = 0): string[] =>
      list.flatMap((sym) => [`${'  '.repeat(depth)}${sym.name}${sym.detail ? ` (${sym.detail})` : ''}`, ...outline(sym.children ?? [], depth + 1)]);
    assert.deepEqual(outline(symbols), [
      'events',
      'http',
      '  upstream app',
      '  map $http_upgrade $connection_upgrade',
      '  server example.com (listen 80)',
      '    location /',
      '      location /socket.io/',
    ]);
  });

  test('a file of server blocks only', () => {
    const s = setup('server {\n  listen 8080;\n  location /api/ { proxy_pass http://api; }\n}\n', '/srv/site/conf.d/api.conf');
    const symbols = s.service.symbols(s.path);
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0]!.name, 'server listen 8080');
    assert.equal(symbols[0]!.children?.[0]?.name, 'location /api/');
    assert.deepEqual(symbols[0]!.selectionRange, { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } });
  });
});

suite('definition', () => {
  const others = {
    '/etc/nginx/conf.d/upstreams.conf': 'upstream app {\n    server 127.0.0.1:5000;\n}\n',
    '/etc/nginx/conf.d/map.conf': 'map $http_upgrade $connection_upgrade {\n    default upgrade;\n    "" close;\n}\n',
  };
  const main = `http {\n    include conf.d/*.conf;\n    server {\n        location / {\n            proxy_set_header Connection $connection_upgrade;\n            proxy_pass http://app;\n        }\n    }\n}\n`;

  test('an upstream name jumps to the block in another file', () => {
    const s = setup(main.replace('http://app', `http://a${CURSOR}pp`), MAIN, others);
    const targets = s.service.definition(s.path, s.offset);
    assert.equal(targets.length, 1);
    assert.equal(targets[0]!.file, '/etc/nginx/conf.d/upstreams.conf');
    assert.deepEqual(targets[0]!.selection, { start: 9, end: 12 });
    assert.equal(s.text.slice(targets[0]!.origin.start, targets[0]!.origin.end), 'app');
  });

  test('include jumps to every included file', () => {
    const s = setup(main.replace('conf.d/*.conf', `conf.d/*${CURSOR}.conf`), MAIN, others);
    assert.deepEqual(
      s.service.definition(s.path, s.offset).map((t) => t.file),
      ['/etc/nginx/conf.d/map.conf', '/etc/nginx/conf.d/upstreams.conf'],
    );
  });

  test('a mapped variable jumps to its map', () => {
    const s = setup(main.replace('$connection_upgrade', `$connection_up${CURSOR}grade`), MAIN, others);
    const [target] = s.service.definition(s.path, s.offset);
    assert.equal(target?.file, '/etc/nginx/conf.d/map.conf');
    assert.deepEqual(target?.selection, { start: 18, end: 37 });
  });

  test('nothing for an unknown upstream', () => {
    const s = setup(main.replace('http://app', `http://nowh${CURSOR}ere`), MAIN, others);
    assert.deepEqual(s.service.definition(s.path, s.offset), []);
  });
});

suite('folding', () => {
  test('multi-line blocks and runs of comment lines', () => {
    const s = setup('# one\n# two\nhttp {\n    server { listen 80; }\n    server {\n        listen 81;\n    }\n    # single\n}\n');
    assert.deepEqual(s.service.folding(s.path), [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 2, endLine: 7 },
      { startLine: 4, endLine: 5 },
    ]);
  });

  test('an unclosed block folds to the end', () => {
    const s = setup('http {\n  server {\n    listen 80;\n');
    assert.deepEqual(s.service.folding(s.path), [
      { startLine: 0, endLine: 3 },
      { startLine: 1, endLine: 3 },
    ]);
  });
});

/** Two Socket.IO locations without the Upgrade header: each has a safe fix. */
const MISSING_UPGRADE = `http {
    upstream app { server 127.0.0.1:5000; }
    server {
        listen 80;
        location /socket.io/ {
            proxy_http_version 1.1;
            proxy_set_header Connection "upgrade";
            proxy_pass http://app;
        }
        location /chat/socket.io/ {
            proxy_http_version 1.1;
            proxy_set_header Connection "upgrade";
            proxy_pass http://app;
        }
    }
}
`;

function diagnosticsOf(service: LanguageService, path: string, files: Map<string, string>, withData = true): Diagnostic[] {
  const positions = new Positions({ text: (p) => files.get(p), uri: (p) => `file://${p}` });
  return service
    .lint([path])
    .findings.filter((f: Finding) => f.file === path)
    .map((f) => findingToDiagnostic(f, positions, { relatedInformation: true, dataSupport: withData }));
}

function actionsFor(s: Setup, diagnostics: Diagnostic[], only?: string[], published?: Diagnostic[]): CodeAction[] {
  return computeCodeActions({
    uri: `file://${s.path}`,
    text: s.text,
    diagnostics,
    ...(only ? { only } : {}),
    recompute: () => diagnosticsOf(s.service, s.path, s.files),
    fileDiagnostics: () => published ?? diagnosticsOf(s.service, s.path, s.files),
    fixAll: (ruleId) => {
      const index = new LineIndex(s.text);
      return s.service
        .fixAll(s.path, ruleId ? { ruleId } : {})
        .map((e) => ({ range: { start: index.positionAt(e.start), end: index.positionAt(e.end) }, newText: e.text }));
    },
  });
}

function editOf(action: CodeAction, uri: string): TextEdit[] {
  return action.edit?.changes?.[uri] ?? [];
}

suite('code actions', () => {
  const typo = 'http {\n    server {\n        location / {\n            proxy_pas http://127.0.0.1:5000;\n        }\n    }\n}\n';

  test('the did-you-mean suggestion travels in data and becomes a quick fix', () => {
    const s = setup(typo);
    const diagnostic = diagnosticsOf(s.service, s.path, s.files).find((d) => d.code === 'nginx/unknown-directive')!;
    assert.ok(diagnostic, 'unknown-directive diagnostic');
    const actions = actionsFor(s, [diagnostic]);
    const change = actions.find((a) => a.title === 'Change to "proxy_pass"');
    assert.ok(change, actions.map((a) => a.title).join(', '));
    assert.equal(change.kind, 'quickfix');
    assert.equal(change.isPreferred, undefined, 'a suggestion is not preferred');
    assert.match(applyTextEdits(s.text, editOf(change, `file://${s.path}`)), /proxy_pass http:\/\/127/);
  });

  test('without data (a client lacking dataSupport) the fix is recomputed by rule id and range', () => {
    const s = setup(typo);
    const bare = diagnosticsOf(s.service, s.path, s.files, false).find((d) => d.code === 'nginx/unknown-directive')!;
    assert.equal(bare.data, undefined);
    assert.ok(actionsFor(s, [bare]).some((a) => a.title === 'Change to "proxy_pass"'));
  });

  test('disable for this line: a comment above with the same indentation', () => {
    const s = setup(typo);
    const diagnostic = diagnosticsOf(s.service, s.path, s.files).find((d) => d.code === 'nginx/unknown-directive')!;
    const action = actionsFor(s, [diagnostic]).find((a) => a.title === 'Disable nginx/unknown-directive for this line')!;
    const fixed = applyTextEdits(s.text, editOf(action, `file://${s.path}`));
    assert.match(fixed, /\n {12}# wsconf-disable-next-line nginx\/unknown-directive\n {12}proxy_pas http/);
    const after = setup(fixed).service.lint([MAIN]).findings.filter((f) => f.ruleId === 'nginx/unknown-directive');
    assert.deepEqual(after, []);
  });

  test('disable for this line extends an existing comment', () => {
    const text = '    # wsconf-disable-next-line nginx/a -- why\n    proxy_pas x;\n';
    const edit = disableLineEdit(text, 1, 'nginx/b');
    assert.equal(applyTextEdits(text, [edit]), '    # wsconf-disable-next-line nginx/a, nginx/b -- why\n    proxy_pas x;\n');
    assert.equal(applyTextEdits('\tfoo;\r\n', [disableLineEdit('\tfoo;\r\n', 0, 'nginx/x')]), '\t# wsconf-disable-next-line nginx/x\r\n\tfoo;\r\n');
  });

  test('disable for the entire file: a comment on the first line', () => {
    const s = setup(typo);
    const diagnostic = diagnosticsOf(s.service, s.path, s.files).find((d) => d.code === 'nginx/unknown-directive')!;
    const action = actionsFor(s, [diagnostic]).find((a) => a.title === 'Disable nginx/unknown-directive for the entire file')!;
    assert.ok(applyTextEdits(s.text, editOf(action, `file://${s.path}`)).startsWith('# wsconf-disable-file nginx/unknown-directive\nhttp {'));
  });

  test('a safe fix is preferred; "fix all" of the rule appears with two fixable findings', () => {
    const s = setup(MISSING_UPGRADE);
    const all = diagnosticsOf(s.service, s.path, s.files).filter((d) => d.code === 'nginx/ws-missing-upgrade-header');
    assert.equal(all.length, 2);
    const actions = actionsFor(s, [all[0]!], ['quickfix'], all);
    assert.equal(actions[0]!.isPreferred, true);
    const fixAllRule = actions.find((a) => a.title === 'Fix all nginx/ws-missing-upgrade-header problems in this file');
    assert.ok(fixAllRule, actions.map((a) => a.title).join(', '));
    const fixed = applyTextEdits(s.text, editOf(fixAllRule, `file://${s.path}`));
    assert.equal(fixed.match(/proxy_set_header Upgrade \$http_upgrade;/g)?.length, 2);
    assert.ok(!actionsFor(s, [all[0]!], ['quickfix'], [all[0]!]).some((a) => a.title.startsWith('Fix all')));
  });

  test('source.fixAll.wsconf applies every safe fix, only when asked for', () => {
    const s = setup(MISSING_UPGRADE);
    assert.ok(!actionsFor(s, []).some((a) => a.kind === FIX_ALL_KIND));
    const [action] = actionsFor(s, [], ['source.fixAll']);
    assert.equal(action?.kind, FIX_ALL_KIND);
    const fixed = applyTextEdits(s.text, editOf(action!, `file://${s.path}`));
    const remaining = setup(fixed).service.lint([MAIN]).findings.filter((f) => f.fixes.some((x) => x.kind === 'fix'));
    assert.deepEqual(remaining.map((f) => f.ruleId), []);
    assert.deepEqual(actionsFor(setup(fixed), [], [FIX_ALL_KIND]), []);
  });

  test('computeFixAll re-lints between passes and returns one trimmed edit', () => {
    // A fake rule whose fix can only apply one at a time: each pass fixes the first "a".
    const lint = (text: string): Finding[] => {
      const at = text.indexOf('a');
      return at === -1
        ? []
        : [{ ruleId: 'x/y', file: '/f', span: { start: at, end: at + 1 }, severity: 'error', message: 'm', fixes: [{ title: 't', kind: 'fix', edits: [{ file: '/f', start: at, end: at + 1, text: 'b' }] }] }];
    };
    assert.deepEqual(computeFixAll({ path: '/f', text: 'xxaaay', lint }), [{ file: '/f', start: 2, end: 5, text: 'bbb' }]);
    assert.deepEqual(computeFixAll({ path: '/f', text: 'xxy', lint }), []);
  });
});

suite('settings: .wsconf.json and editor settings', () => {
  test('parseProjectConfig reads levels, [level, options], nginx, socketio and maxFileSize', () => {
    const { settings, problems } = parseProjectConfig(`{
      // comments are tolerated
      "rules": { "nginx/unknown-directive": "warning", "nginx/ws-read-timeout": ["error", { "min": 30 }] },
      "nginx": { "version": "1.22.1", "prefix": "/opt/nginx/", "extraDirectives": ["more_set_headers"] },
      "socketio": { "pingInterval": 10 },
      "maxFileSize": 1000,
    }`);
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      rules: { 'nginx/unknown-directive': { level: 'warning' }, 'nginx/ws-read-timeout': { level: 'error', options: { min: 30 } } },
      nginxVersion: '1.22.1',
      nginxPrefix: '/opt/nginx/',
      extraDirectives: ['more_set_headers'],
      pingInterval: 10,
      maxFileSize: 1000,
    });
  });

  test('parseProjectConfig reports what it skips and never throws', () => {
    const bad = parseProjectConfig('{ "rules": { "nginx/x": "loud", "Bad Id": "off" }, "nginx": { "version": "new" }, "colour": 1 }');
    assert.deepEqual(bad.settings, { rules: {} });
    assert.equal(bad.problems.length, 4);
    assert.deepEqual(parseProjectConfig('{ not json').settings, {});
    assert.equal(parseProjectConfig('[1]').problems.length, 1);
    assert.deepEqual(parseProjectConfig('').settings, {});
  });

  test('editor settings are validated by hand and win over the project file, keeping rule options', () => {
    const editor = validateEditorSettings({ enable: true, rules: { 'nginx/ws-read-timeout': 'warning', 'nope': 'off' }, nginx: { version: '', prefix: '', extraDirectives: [] }, socketio: { pingInterval: 0 } });
    assert.equal(editor.enable, true);
    assert.deepEqual(editor.settings, { rules: { 'nginx/ws-read-timeout': { level: 'warning' } } });
    assert.equal(editor.problems.length, 2);
    const project = parseProjectConfig('{ "rules": { "nginx/ws-read-timeout": ["error", { "min": 30 }] }, "socketio": { "pingInterval": 10 } }').settings;
    const merged = mergeSettingLayers(project, editor.settings);
    assert.deepEqual({ ...merged.rules }, { 'nginx/ws-read-timeout': { level: 'warning', options: { min: 30 } } });
    assert.equal(merged.pingInterval, 10);
    assert.equal(validateEditorSettings({ enable: false }).enable, false);
  });
});
