/**
 * Protocol test for gunicorn.conf.py: the real server (startServer) over in-memory streams,
 * with the harness of protocol.test.ts. A `python` document named gunicorn.conf.py gets
 * wsconf diagnostics, hover and completion (snippets included); another Python file gets none.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, suite, test } from 'node:test';
import { type CodeAction, type CompletionList, type Hover } from 'vscode-languageserver/node';
import { FULL_CAPABILITIES, TestClient } from '../support/lsp-test-client';

/** This client renders snippets, so the server may offer its gunicorn snippets. */
const CAPABILITIES = {
  ...FULL_CAPABILITIES,
  textDocument: { ...FULL_CAPABILITIES.textDocument, completion: { completionItem: { snippetSupport: true } } },
};

const CONFIG = 'bind = "0.0.0.0:5000"\nworkers = 1\nworker_class = "sync"\nwsgi_app = "chat:socketio_app"\n';

suite('LSP protocol: gunicorn.conf.py', () => {
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.close();
  });
  const client = async () => {
    const c = new TestClient(CAPABILITIES);
    clients.push(c);
    await c.initialize();
    return c;
  };

  test('a python document named gunicorn.conf.py gets wsconf diagnostics with fixes', async () => {
    const c = await client();
    await c.open('gunicorn.conf.py', CONFIG, 'python');
    const diagnostics = await c.diagnostics('gunicorn.conf.py', (d) => d.some((x) => x.code === 'gunicorn/socketio-sync-worker'), 'the sync-worker error');
    const sync = diagnostics.find((d) => d.code === 'gunicorn/socketio-sync-worker')!;
    assert.equal(sync.source, 'wsconf');
    assert.equal(sync.severity, 1);
    assert.deepEqual(sync.range, { start: { line: 2, character: 15 }, end: { line: 2, character: 21 } });
    assert.ok(diagnostics.some((d) => d.code === 'gunicorn/bind-all-interfaces'));
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: c.uri('gunicorn.conf.py') },
      range: sync.range,
      context: { diagnostics: [sync], only: ['quickfix'] },
    });
    assert.ok(actions.some((a) => /GeventWebSocketWorker/.test(a.title)), actions.map((a) => a.title).join(', '));
  });

  test('hover on a setting and completion of settings, worker classes and snippets', async () => {
    const c = await client();
    await c.open('gunicorn.conf.py', CONFIG, 'python');
    const hover = await c.request<Hover>('textDocument/hover', { textDocument: { uri: c.uri('gunicorn.conf.py') }, position: { line: 1, character: 3 } });
    assert.match((hover.contents as { value: string }).value, /\*\*workers\*\* · gunicorn setting/);
    const names = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri: c.uri('gunicorn.conf.py') }, position: { line: 4, character: 0 } });
    const labels = names.items.map((i) => i.label);
    assert.ok(labels.includes('timeout') && labels.includes('websocket-gevent-websocket'), labels.slice(0, 10).join(', '));
    const classes = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri: c.uri('gunicorn.conf.py') }, position: { line: 2, character: 17 } });
    assert.ok(classes.items.some((i) => i.label === 'gthread'));
  });

  test('any other Python file is left alone', async () => {
    const c = await client();
    await c.open('views.py', 'workers = 4\n', 'python');
    await c.open('gunicorn.conf.py', CONFIG, 'python');
    await c.diagnostics('gunicorn.conf.py', (d) => d.length > 0, 'gunicorn diagnostics');
    assert.equal(c.published.get(c.uri('views.py')), undefined);
    const hover = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: c.uri('views.py') }, position: { line: 0, character: 2 } });
    assert.equal(hover, null);
  });
});
