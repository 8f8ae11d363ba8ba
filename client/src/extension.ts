import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerCommands } from './commands';

/** A language (and optional glob) filter; what `documentSelector` accepts. */
type DocumentFilter = { language: string; pattern?: string };

const DEFAULT_GUNICORN_GLOBS = ['**/gunicorn.conf.py', '**/gunicorn*.py', '**/gunicorn/*.py'];
const DEFAULT_UWSGI_GLOBS = ['**/uwsgi.ini', '**/*uwsgi*.ini', '**/uwsgi/**/*.ini'];

// Files whose changes can change findings elsewhere: the project config, nginx includes, app configs.
const WATCHED_GLOBS = [
  '**/.wsconf.json',
  '**/*.conf',
  '**/*.ini',
  '**/gunicorn*.py',
  '**/proxy_params',
  '**/uwsgi_params',
];

let client: LanguageClient | undefined;
// Starts and stops are chained so that quick successive restarts never overlap.
let pending: Promise<void> = Promise.resolve();

function globs(key: 'gunicorn' | 'uwsgi', fallback: readonly string[]): string[] {
  const value = vscode.workspace.getConfiguration('wsconf.files').get<unknown>(key);
  if (!Array.isArray(value)) return [...fallback];
  return value.filter((g): g is string => typeof g === 'string' && g.trim() !== '');
}

/** The documents sent to the server. gunicorn files stay `python`, so only matching paths are selected. */
export function buildDocumentSelector(): DocumentFilter[] {
  const selector: DocumentFilter[] = [
    { language: 'nginx' },
    { language: 'NGINX' },
    { language: 'uwsgi' },
    { language: 'ini', pattern: '**/*uwsgi*.ini' },
  ];
  for (const pattern of globs('uwsgi', DEFAULT_UWSGI_GLOBS)) {
    if (pattern !== '**/*uwsgi*.ini') selector.push({ language: 'ini', pattern });
  }
  for (const pattern of globs('gunicorn', DEFAULT_GUNICORN_GLOBS)) {
    selector.push({ language: 'python', pattern });
  }
  return selector;
}

function createClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  watchers: vscode.FileSystemWatcher[],
): LanguageClient {
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const documentSelector = buildDocumentSelector();
  output.info(`document selector: ${JSON.stringify(documentSelector)}`);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: { configurationSection: 'wsconf', fileEvents: watchers },
    diagnosticCollectionName: 'wsconf',
    outputChannel: output,
    initializationOptions: {},
  };
  // The id 'wsconf' makes the client honour the `wsconf.trace.server` setting.
  return new LanguageClient('wsconf', 'wsconf', serverOptions, clientOptions);
}

function enqueue(step: () => Promise<void>, output: vscode.LogOutputChannel): Promise<void> {
  pending = pending.then(step).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    output.error(message);
    void vscode.window.showErrorMessage(`wsconf: ${message}`, 'Show Output').then((choice) => {
      if (choice) output.show(true);
    });
  });
  return pending;
}

async function stopClient(): Promise<void> {
  const current = client;
  client = undefined;
  if (current) await current.dispose(2000);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('wsconf', { log: true });
  const watchers = WATCHED_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(output, ...watchers);

  const start = async (): Promise<void> => {
    await stopClient();
    const next = createClient(context, output, watchers);
    client = next;
    await next.start();
  };
  const restart = (): Promise<void> => enqueue(start, output);

  context.subscriptions.push(
    ...registerCommands({ restart, showOutput: () => output.show(true) }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The selector is fixed when a client is created, so new globs need a new client.
      if (event.affectsConfiguration('wsconf.files')) {
        output.info('wsconf.files changed, restarting the language server');
        void restart();
      }
    }),
  );

  await restart();
}

export async function deactivate(): Promise<void> {
  await pending;
  await stopClient();
}
