/**
 * A bare JSON-RPC client driving the real server wiring (startServer) over an in-memory pair
 * of streams, the pattern of vscode-languageserver-node's own connection tests. Files live in
 * a temporary folder on disk, read through the node host with open documents overlaid.
 * Every wait is on a condition, with a timeout; no sleeps.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  createConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ConfigurationParams,
  type Diagnostic,
  type InitializeResult,
  type PublishDiagnosticsParams,
  type Registration,
} from 'vscode-languageserver/node';
import { createNodeHost } from '../../server/src/lsp/node-host';
import { startServer } from '../../server/src/lsp/server';

export const TIMEOUT = 5000;

export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, workspaceFolders: true },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, dataSupport: true, versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, dataSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: false } },
    definition: { linkSupport: false },
  },
};

interface Waiter {
  readonly uri: string;
  readonly predicate: (diagnostics: Diagnostic[]) => boolean;
  readonly resolve: (diagnostics: Diagnostic[]) => void;
}

export class TestClient {
  readonly connection: MessageConnection;
  readonly root: string;
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly configurationRequests: ConfigurationParams[] = [];
  readonly logs: string[] = [];
  /** What the client answers to workspace/configuration for the `wsconf` section. */
  config: unknown = {};
  private readonly waiters: Waiter[] = [];
  /** Capabilities the server registered dynamically (client/registerCapability). */
  readonly registrations: Registration[] = [];
  private readonly registrationWaiters: (() => void)[] = [];
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
    this.connection.onRequest('client/registerCapability', (params: { registrations: Registration[] }) => {
      for (const registration of params.registrations) {
        this.registrations.push(registration);
        for (const waiter of this.registrationWaiters.splice(0)) waiter();
      }
      return null;
    });
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

  /** Resolves with the first dynamic registration of `method`, waiting for it if needed. */
  async registration(method: string): Promise<Registration> {
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const found = this.registrations.find((r) => r.method === method);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for the registration of ${method}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()) + 1);
        this.registrationWaiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
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

export const hasRule = (ruleId: string) => (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.code === ruleId);
export const lacksRule = (ruleId: string) => (diagnostics: Diagnostic[]) => !diagnostics.some((d) => d.code === ruleId);
