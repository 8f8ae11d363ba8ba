/**
 * Protocol tests: the real server wiring (startServer) over an in-memory pair of streams,
 * driven by a bare JSON-RPC client (the pattern of vscode-languageserver-node's own
 * connection tests). Files live in a temporary folder on disk, read through the node host
 * with open documents overlaid. Every wait is on a condition, with a timeout; no sleeps.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, suite, test } from 'node:test';
import {
  type ClientCapabilities,
  type CodeAction,
  type CompletionList,
  type Diagnostic,
  DiagnosticTag,
  type Hover,
  type TextEdit,
} from 'vscode-languageserver/node';
import { FULL_CAPABILITIES, hasRule, lacksRule, TestClient } from '../support/lsp-test-client';

const TYPO = 'events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pas http://127.0.0.1:5000;\n        }\n    }\n}\n';

function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** The quick fixes the server offers for one diagnostic of `relative`. */
function quickFixes(c: TestClient, relative: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: c.uri(relative) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
}

suite('LSP protocol (in-memory)', () => {
  const clients: TestClient[] = [];
  const client = async (capabilities?: ClientCapabilities) => {
    const c = new TestClient(capabilities);
    clients.push(c);
    await c.initialize();
    return c;
  };
  after(async () => {
    for (const c of clients) await c.close();
  });

  test('initialize advertises the features', async () => {
    const c = new TestClient();
    clients.push(c);
    const { capabilities } = await c.initialize();
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['$', '/', '"', "'", '%', '(']);
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.wsconf'] });
    assert.equal(capabilities.documentSymbolProvider, true);
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.foldingRangeProvider, true);
  });

  test('didOpen -> publishDiagnostics with code, source, docs link and fixes in data; codeAction maps them', async () => {
    const c = await client();
    await c.open('nginx.conf', TYPO);
    const diagnostics = await c.diagnostics('nginx.conf', hasRule('nginx/unknown-directive'), 'unknown-directive');
    const diagnostic = diagnostics.find((d) => d.code === 'nginx/unknown-directive')!;
    assert.equal(diagnostic.source, 'wsconf');
    assert.deepEqual(diagnostic.range, { start: { line: 5, character: 12 }, end: { line: 5, character: 21 } });
    assert.match(diagnostic.codeDescription?.href ?? '', /unknown-directive/);
    const data = diagnostic.data as { ruleId: string; fixes: { title: string; edits: Record<string, TextEdit[]> }[] };
    assert.equal(data.ruleId, 'nginx/unknown-directive');
    assert.ok(data.fixes.some((f) => f.title === 'Change to "proxy_pass"' && f.edits[c.uri('nginx.conf')]?.[0]?.newText === 'proxy_pass'));

    const actions = await quickFixes(c, 'nginx.conf', diagnostic);
    const change = actions.find((a) => a.title === 'Change to "proxy_pass"');
    assert.ok(change, actions.map((a) => a.title).join(', '));
    assert.match(applyTextEdits(TYPO, change.edit!.changes![c.uri('nginx.conf')]!), /proxy_pass http:\/\/127\.0\.0\.1:5000;/);
    assert.ok(actions.some((a) => a.title === 'Disable nginx/unknown-directive for this line'));
  });

  test('hover and completion', async () => {
    const c = await client();
    const text = TYPO.replace('proxy_pas ', 'proxy_pass ').replace('listen 80;', 'listen 80;\n        proxy_');
    await c.open('nginx.conf', text);
    const hover = await c.request<Hover>('textDocument/hover', { textDocument: { uri: c.uri('nginx.conf') }, position: { line: 6, character: 15 } });
    assert.match((hover.contents as { value: string }).value, /proxy_pass URL;/);
    const list = await c.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: c.uri('nginx.conf') },
      position: { line: 4, character: 14 },
    });
    const labels = list.items.map((i) => i.label);
    // Server level: proxy_set_header and listen, not proxy_pass (location only) or worker_processes.
    assert.ok(labels.includes('proxy_set_header'));
    assert.ok(labels.includes('listen'));
    assert.ok(!labels.includes('proxy_pass'));
    assert.ok(!labels.includes('worker_processes'));
  });

  test('settings are pulled per document; a rule turned off disappears after didChangeConfiguration', async () => {
    const c = await client();
    await c.open('nginx.conf', TYPO);
    await c.diagnostics('nginx.conf', hasRule('nginx/unknown-directive'), 'unknown-directive');
    const pulled = c.configurationRequests.flatMap((r) => r.items);
    assert.ok(pulled.some((item) => item.section === 'wsconf' && item.scopeUri === c.uri('nginx.conf')));
    c.config = { rules: { 'nginx/unknown-directive': 'off' } };
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await c.diagnostics('nginx.conf', lacksRule('nginx/unknown-directive'), 'no unknown-directive');
  });

  test('.wsconf.json at the root sets rule levels; editor settings win over it', async () => {
    const c = await client();
    c.write('.wsconf.json', JSON.stringify({ rules: { 'nginx/unknown-directive': 'warning' } }));
    await c.open('nginx.conf', TYPO);
    const [warning] = (await c.diagnostics('nginx.conf', hasRule('nginx/unknown-directive'), 'unknown-directive')).filter((d) => d.code === 'nginx/unknown-directive');
    assert.equal(warning!.severity, 2);
    c.write('.wsconf.json', JSON.stringify({ rules: { 'nginx/unknown-directive': 'off' } }));
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('.wsconf.json'), type: 2 }] });
    await c.diagnostics('nginx.conf', lacksRule('nginx/unknown-directive'), 'rule off by .wsconf.json');
    c.config = { rules: { 'nginx/unknown-directive': 'info' } };
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const [info] = (await c.diagnostics('nginx.conf', hasRule('nginx/unknown-directive'), 'info level from settings')).filter((d) => d.code === 'nginx/unknown-directive');
    assert.equal(info!.severity, 3);
  });

  test('a change to an included file revalidates the file that includes it', async () => {
    const c = await client();
    const main = 'events {}\nhttp {\n    include sites-enabled/*.conf;\n    server {\n        listen 80;\n        location / { proxy_pass http://app; }\n    }\n}\n';
    c.write('nginx.conf', main);
    c.write('sites-enabled/app.conf', 'upstream app { server 127.0.0.1:5000; }\n');
    await c.open('nginx.conf', main);
    await c.open('sites-enabled/app.conf', 'upstream app { server 127.0.0.1:5000; }\n');
    await c.diagnostics('nginx.conf', lacksRule('nginx/upstream-name-not-defined'), 'a clean nginx.conf');
    await c.change('sites-enabled/app.conf', 'upstream backend { server 127.0.0.1:5000; }\n');
    const diagnostics = await c.diagnostics('nginx.conf', hasRule('nginx/upstream-name-not-defined'), 'upstream-name-not-defined in nginx.conf');
    assert.equal(diagnostics.find((d) => d.code === 'nginx/upstream-name-not-defined')!.range.start.line, 5);
  });

  test('an open included file the server does not lint itself is analysed through the file that includes it', async () => {
    const c = await client();
    const main = 'events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            include snippets/ws.inc;\n        }\n    }\n}\n';
    c.write('nginx.conf', main);
    c.write('snippets/ws.inc', 'proxy_pass http://127.0.0.1:5000;\n');
    await c.open('nginx.conf', main);
    await c.open('snippets/ws.inc', 'proxy_pass http://127.0.0.1:5000;\n', 'plaintext');
    await c.diagnostics('snippets/ws.inc', (d) => d.length === 0, 'a clean ws.inc');
    await c.change('snippets/ws.inc', 'proxy_pass http://127.0.0.1:5000;\nproxy_pas x;\n');
    const diagnostics = await c.diagnostics('snippets/ws.inc', hasRule('nginx/unknown-directive'), 'unknown-directive in ws.inc');
    assert.equal(diagnostics.find((d) => d.code === 'nginx/unknown-directive')!.range.start.line, 1);
  });

  test('included files that are not open get diagnostics, updated when they change on disk', async () => {
    const c = await client();
    const main = 'events {}\nhttp {\n    include sites-enabled/*.conf;\n}\n';
    c.write('nginx.conf', main);
    c.write('sites-enabled/app.conf', 'server {\n    listen 80;\n}\n');
    await c.open('nginx.conf', main);
    await c.diagnostics('sites-enabled/app.conf', (d) => d.length === 0, 'a clean app.conf');
    c.write('sites-enabled/app.conf', 'server {\n    listen 80;\n    proxy_pas http://x;\n}\n');
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('sites-enabled/app.conf'), type: 2 }] });
    const diagnostics = await c.diagnostics('sites-enabled/app.conf', hasRule('nginx/unknown-directive'), 'unknown-directive in app.conf');
    assert.equal(diagnostics.find((d) => d.code === 'nginx/unknown-directive')!.range.start.line, 2);
    c.write('sites-enabled/app.conf', 'server {\n    listen 80;\n}\n');
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('sites-enabled/app.conf'), type: 2 }] });
    await c.diagnostics('sites-enabled/app.conf', (d) => d.length === 0, 'cleared diagnostics on app.conf');
  });

  test('rapid edits publish the latest version only', async () => {
    const c = await client();
    await c.open('nginx.conf', TYPO);
    await c.diagnostics('nginx.conf', hasRule('nginx/unknown-directive'), 'unknown-directive');
    await c.change('nginx.conf', TYPO.replace('proxy_pas ', 'proxy_pa '));
    const last = await c.change('nginx.conf', TYPO.replace('proxy_pas ', 'proxy_pass '));
    await c.diagnostics('nginx.conf', lacksRule('nginx/unknown-directive'), 'fixed text');
    assert.equal(c.published.get(c.uri('nginx.conf'))!.version, last);
  });

  test('a wsconf-disable comment that silences nothing is faded with a fix, and goes away once it silences something', async () => {
    const c = await client();
    const fine = TYPO.replace('proxy_pas ', 'proxy_pass ').replace('        location / {', '        # wsconf-disable-next-line nginx/unknown-directive\n        location / {');
    await c.open('nginx.conf', fine);
    const diagnostics = await c.diagnostics('nginx.conf', hasRule('wsconf/unused-disable'), 'unused-disable');
    const diagnostic = diagnostics.find((d) => d.code === 'wsconf/unused-disable')!;
    assert.deepEqual(diagnostic.tags, [DiagnosticTag.Unnecessary]);
    assert.equal(diagnostic.range.start.line, 4);
    const actions = await quickFixes(c, 'nginx.conf', diagnostic);
    const remove = actions.find((a) => a.title === 'Remove this wsconf-disable comment');
    assert.ok(remove, actions.map((a) => a.title).join(', '));
    assert.equal(applyTextEdits(fine, remove.edit!.changes![c.uri('nginx.conf')]!), TYPO.replace('proxy_pas ', 'proxy_pass '));
    // Above a line the rule reports, the comment is in use.
    await c.change('nginx.conf', fine.replace('        location / {', '        locaton / {'));
    await c.diagnostics('nginx.conf', lacksRule('wsconf/unused-disable'), 'comment in use');
  });

  test('a client without dataSupport still gets code actions (recomputed by rule id and range)', async () => {
    const c = await client({
      ...FULL_CAPABILITIES,
      textDocument: { ...FULL_CAPABILITIES.textDocument, publishDiagnostics: { relatedInformation: false } },
    });
    await c.open('nginx.conf', TYPO);
    const diagnostics = await c.diagnostics('nginx.conf', hasRule('nginx/unknown-directive'), 'unknown-directive');
    const diagnostic = diagnostics.find((d) => d.code === 'nginx/unknown-directive')!;
    assert.equal(diagnostic.data, undefined);
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: c.uri('nginx.conf') },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.ok(actions.some((a) => a.title === 'Change to "proxy_pass"'), actions.map((a) => a.title).join(', '));
  });

  test('documentSymbol, definition and foldingRange', async () => {
    const c = await client();
    const text = 'events {}\nhttp {\n    upstream app { server 127.0.0.1:5000; }\n    server {\n        server_name example.com;\n        location / {\n            proxy_pass http://app;\n        }\n    }\n}\n';
    await c.open('nginx.conf', text);
    const symbols = await c.request<{ name: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri: c.uri('nginx.conf') } });
    assert.deepEqual(symbols.map((s) => s.name), ['events', 'http']);
    assert.deepEqual(symbols[1]!.children!.map((s) => s.name), ['upstream app', 'server example.com']);
    const locations = await c.request<{ uri: string; range: unknown }[]>('textDocument/definition', {
      textDocument: { uri: c.uri('nginx.conf') },
      position: { line: 6, character: 31 },
    });
    assert.deepEqual(locations, [{ uri: c.uri('nginx.conf'), range: { start: { line: 2, character: 13 }, end: { line: 2, character: 16 } } }]);
    const folds = await c.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri: c.uri('nginx.conf') } });
    assert.ok(folds.some((f) => f.startLine === 1 && f.endLine === 8));
  });
});
