/**
 * Protocol test for gunicorn.conf.py: the real server (startServer) over in-memory streams,
 * with the harness of protocol.test.ts. A `python` document named gunicorn.conf.py gets
 * wsconf diagnostics, hover and completion (snippets included); another Python file gets none.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, suite, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  createConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type CompletionList,
  type ConfigurationParams,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { createNodeHost } from '../../server/src/lsp/node-host';
import { startServer } from '../../server/src/lsp/server';

const TIMEOUT = 5000;

const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, workspaceFolders: true },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, dataSupport: true, versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, dataSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true } },
    definition: { linkSupport: false },
  },
};

interface Waiter {
  readonly uri: string;
  readonly predicate: (diagnostics: Diagnostic[]) => boolean;
  readonly resolve: (diagnostics: Diagnostic[]) => void;
}

class TestClient {
  readonly connection: MessageConnection;
  readonly root: string;
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly configurationRequests: ConfigurationParams[] = [];
  readonly logs: string[] = [];
  /** What the client answers to workspace/configuration for the `wsconf` section. */
  config: unknown = {};
  private readonly waiters: Waiter[] = [];
  private readonly versions = new Map<string, number>();

  constructor(capabilities: ClientCapabilities = FULL_CAPABILITIES) {
    this.root = mkdtempSync(join(tmpdir(), 'wsconf-lsp-'));
    const up = new PassThrough();
    const down = new PassThrough();
    const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
    startServer(server, {
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
      this.published.set(params.uri, params);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.predicate(params.diagnostics)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params.diagnostics);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests.push(params);
      return params.items.map((item) => (item.section === 'wsconf' ? this.config : null));
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.listen();
    this.capabilities = capabilities;
  }

  private readonly capabilities: ClientCapabilities;

  async initialize(): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: null,
      rootUri: this.uri(''),
      workspaceFolders: [{ uri: pathToFileURL(this.root).href, name: 'root' }],
      capabilities: this.capabilities,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  path(relative: string): string {
    return join(this.root, relative);
  }

  uri(relative: string): string {
    return pathToFileURL(relative === '' ? this.root : this.path(relative)).href;
  }

  write(relative: string, text: string): void {
    mkdirSync(dirname(this.path(relative)), { recursive: true });
    writeFileSync(this.path(relative), text);
  }

  async open(relative: string, text: string, languageId = 'nginx'): Promise<void> {
    this.versions.set(relative, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(relative), languageId, version: 1, text } });
  }

  async change(relative: string, text: string): Promise<number> {
    const version = (this.versions.get(relative) ?? 1) + 1;
    this.versions.set(relative, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(relative), version }, contentChanges: [{ text }] });
    return version;
  }

  /** Resolves with the first diagnostics published for `relative` (the current ones included) that satisfy `predicate`. */
  diagnostics(relative: string, predicate: (diagnostics: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> {
    const uri = this.uri(relative);
    const current = this.published.get(uri);
    if (current && predicate(current.diagnostics)) return Promise.resolve(current.diagnostics);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { uri, predicate, resolve: (d) => (clearTimeout(timer), resolve(d)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        const last = this.published.get(uri)?.diagnostics.map((d) => d.code);
        reject(new Error(`timed out waiting for ${what} on ${relative}; last published codes: ${JSON.stringify(last)}; log: ${this.logs.join('\n')}`));
      }, TIMEOUT);
      this.waiters.push(waiter);
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

const CONFIG = 'bind = "0.0.0.0:5000"\nworkers = 1\nworker_class = "sync"\nwsgi_app = "chat:socketio_app"\n';

suite('LSP protocol: gunicorn.conf.py', () => {
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.close();
  });
  const client = async () => {
    const c = new TestClient();
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
