/**
 * Protocol test for uWSGI files: the real server wiring (startServer) over in-memory streams,
 * as in protocol.test.ts. A `uwsgi.ini` opened as language `uwsgi` and a plain `app.ini`
 * opened as `ini` (recognised by its [uwsgi] section) both get wsconf diagnostics with fixes,
 * hovers, completions and go-to-definition of `%(key)`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, suite, test } from 'node:test';
import { type CodeAction, type CompletionList, type Hover, type Location } from 'vscode-languageserver/node';
import { hasRule, TestClient } from '../support/lsp-test-client';

const CONFIG = [
  '[uwsgi]',
  'plugins = python3,gevent_python3',
  'module = chat:app',
  'master = true',
  'processes = 4',
  'gevent = 1000',
  'enable_threads = true',
  'base = /run/chat',
  'socket = %(base)/uwsgi.sock',
  '',
].join('\n');

suite('LSP protocol: uwsgi.ini', () => {
  const clients: TestClient[] = [];
  const client = async () => {
    const c = new TestClient();
    clients.push(c);
    await c.initialize();
    return c;
  };
  after(async () => {
    for (const c of clients) await c.close();
  });

  for (const [name, languageId] of [['uwsgi.ini', 'uwsgi'], ['app.ini', 'ini']] as const) {
    test(`${name} (${languageId}): diagnostics with a quick fix, hover, completion, definition`, async () => {
      const c = await client();
      await c.open(name, CONFIG, languageId);
      const diagnostics = await c.diagnostics(name, (d) => hasRule('uwsgi/unknown-option')(d) && hasRule('uwsgi/socketio-multiple-processes')(d), 'uwsgi findings');
      const unknown = diagnostics.find((d) => d.code === 'uwsgi/unknown-option')!;
      assert.equal(unknown.source, 'wsconf');
      assert.deepEqual(unknown.range, { start: { line: 6, character: 0 }, end: { line: 6, character: 14 } });
      const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: c.uri(name) },
        range: unknown.range,
        context: { diagnostics: [unknown], only: ['quickfix'] },
      });
      const change = actions.find((a) => a.title === 'Change to "enable-threads"');
      assert.ok(change, actions.map((a) => a.title).join(', '));
      assert.equal(change.edit!.changes![c.uri(name)]![0]!.newText, 'enable-threads');

      const hover = await c.request<Hover>('textDocument/hover', { textDocument: { uri: c.uri(name) }, position: { line: 5, character: 2 } });
      assert.match((hover.contents as { value: string }).value, /\*\*gevent\*\* · uWSGI option/);
      const placeholder = await c.request<Hover>('textDocument/hover', { textDocument: { uri: c.uri(name) }, position: { line: 8, character: 12 } });
      assert.match((placeholder.contents as { value: string }).value, /`%\(base\)` → `\/run\/chat`/);

      const list = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri: c.uri(name) }, position: { line: 9, character: 0 } });
      assert.ok(list.items.some((i) => i.label === 'http-websockets'));

      const definition = await c.request<Location[]>('textDocument/definition', { textDocument: { uri: c.uri(name) }, position: { line: 8, character: 12 } });
      assert.equal(definition[0]?.range.start.line, 7);
    });
  }
});
