/**
 * Protocol test for uWSGI files: the real server wiring (startServer) over in-memory streams,
 * as in protocol.test.ts. A `uwsgi.ini` opened as language `uwsgi` and a plain `app.ini`
 * opened as `ini` (recognised by its [uwsgi] section) both get wsconf diagnostics with fixes,
 * hovers, completions and go-to-definition of `%(key)`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, suite, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  createConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type Location,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { createNodeHost } from '../../server/src/lsp/node-host';
import { startServer } from '../../server/src/lsp/server';

const TIMEOUT = 5000;

class Client {
  readonly connection: MessageConnection;
  readonly root = mkdtempSync(join(tmpdir(), 'wsconf-lsp-uwsgi-'));
  readonly published = new Map<string, Diagnostic[]>();
  private readonly waiters: { uri: string; predicate: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];

  constructor() {
    const up = new PassThrough();
    const down = new PassThrough();
    startServer(createConnection(new StreamMessageReader(up), new StreamMessageWriter(down)), {
      timer: {
        setTimeout(callback, ms) {
          const handle = setTimeout(callback, ms);
          return { dispose: () => clearTimeout(handle) };
        },
      },
      createHost: (overlay) => createNodeHost(overlay),
      validationDelay: 20,
    });
    this.connection = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.set(params.uri, params.diagnostics);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.predicate(params.diagnostics)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params.diagnostics);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  async initialize(): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: null,
      rootUri: pathToFileURL(this.root).href,
      workspaceFolders: [{ uri: pathToFileURL(this.root).href, name: 'root' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, dataSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, dataSupport: true },
          hover: { contentFormat: ['markdown'] },
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  uri(relative: string): string {
    return pathToFileURL(join(this.root, relative)).href;
  }

  async open(relative: string, text: string, languageId: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(relative), languageId, version: 1, text } });
  }

  diagnostics(relative: string, predicate: (d: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> {
    const uri = this.uri(relative);
    const current = this.published.get(uri);
    if (current && predicate(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what} on ${relative}; last: ${JSON.stringify(this.published.get(uri)?.map((d) => d.code))}`)), TIMEOUT);
      this.waiters.push({ uri, predicate, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  async close(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    this.connection.dispose();
    rmSync(this.root, { recursive: true, force: true });
  }
}

const hasRule = (ruleId: string) => (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.code === ruleId);

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
  const clients: Client[] = [];
  const client = async () => {
    const c = new Client();
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
