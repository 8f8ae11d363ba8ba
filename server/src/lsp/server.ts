/**
 * startServer(connection, runtime): capabilities and handler wiring, nothing else (the VS Code
 * CSS server's shape). Every feature is a call into the pure language service; positions
 * become offsets here and results become LSP shapes in convert.ts.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type Location,
  type LocationLink,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { discover, type FilePatterns } from '../cli/discover';
import { computeCodeActions, createLanguageService, DEFAULT_SETTINGS, FIX_ALL_KIND, isDiagnosticData, type LanguageService } from '../service';
import { joinPath } from '../service/text/paths';
import type { ServiceHost } from '../service/types';
import { editsToLsp, findingToDiagnostic, Positions } from './convert';
import { Documents } from './documents';
import type { Overlay } from './node-host';
import { runSafe, runSafeVoid } from './run-safe';
import { SettingsManager } from './settings';
import { Validator, type Timer } from './validation';

export interface RuntimeEnvironment {
  readonly timer: Timer;
  /** File access for the service, with open documents overlaid on it. */
  createHost(overlay: Overlay): ServiceHost;
  /** Debounce of validation after a change, in ms (default 300). */
  readonly validationDelay?: number;
  /**
   * The config files (nginx, gunicorn, uWSGI) under the workspace folders, with each folder's
   * gunicorn/uWSGI globs; a bounded disk scan by default.
   */
  readonly discoverFiles?: (roots: readonly string[], patterns: (root: string) => FilePatterns) => readonly string[];
}

const WATCHED = [
  '**/.wsconf.json',
  '**/*.conf',
  '**/sites-enabled/*',
  '**/sites-available/*',
  '**/proxy_params',
  '**/uwsgi_params',
  '**/gunicorn*.py',
  '**/gunicorn/*.py',
  '**/*.ini',
];

/** The editor scans less than the CLI: it runs at start-up and on every folder change. */
const EDITOR_DISCOVERY = { maxFiles: 500, maxEntries: 50_000 };

/** Folder scan with the CLI's rules (node_modules, .git and dot-folders skipped), capped for the editor. */
function scanFolders(roots: readonly string[], patterns: (root: string) => FilePatterns): readonly string[] {
  const files: string[] = [];
  for (const root of roots) {
    try {
      for (const file of discover([root], root, EDITOR_DISCOVERY, patterns(root)).files) files.push(file.path);
    } catch {
      // A folder that vanished or cannot be read adds nothing.
    }
  }
  return files;
}

export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  const documents = new Documents();
  const host = runtime.createHost(documents);
  const service: LanguageService = createLanguageService({ host });
  const logger = { error: (message: string) => connection.console.error(message) };
  const client = { pull: false, folders: false, dynamicConfiguration: false, dynamicWatchers: false, related: false, data: false, links: false };
  let roots: string[] = [];
  /**
   * The deployment's files the editor knows of: the workspace folders' configs (scanned at
   * start-up and on folder changes, kept current by file events) plus the open documents.
   * The service runs the cross-file rules over them.
   */
  const discovered = new Set<string>();
  const discoverFiles = runtime.discoverFiles ?? scanFolders;
  let workspaceKey = '';
  /** Tells the service the current file set; true when it changed (cross-file results may change). */
  function updateWorkspace(): boolean {
    const open = documents.all().filter((d) => documents.isNginx(d)).map((d) => documents.pathOf(d.uri));
    const files = [...new Set([...discovered, ...open])].sort();
    const key = files.join('\n');
    if (key === workspaceKey) return false;
    workspaceKey = key;
    service.setWorkspaceFiles(files);
    return true;
  }
  /** Each folder's gunicorn/uWSGI globs (editor settings over .wsconf.json over the defaults). */
  async function folderPatterns(): Promise<Map<string, FilePatterns>> {
    const patterns = new Map<string, FilePatterns>();
    for (const root of roots) {
      // A path inside the folder, so that its own .wsconf.json is the project file.
      const { settings: resolved } = await settings.get(documents.uriOf(root), joinPath(root, '.wsconf.json'));
      patterns.set(root, {
        gunicornFiles: resolved.gunicornFiles ?? DEFAULT_SETTINGS.gunicornFiles,
        uwsgiFiles: resolved.uwsgiFiles ?? DEFAULT_SETTINGS.uwsgiFiles,
      });
    }
    return patterns;
  }
  /** Scans the folders with their configured globs; the globs also decide which open documents are linted. */
  async function rescan(): Promise<readonly FilePatterns[]> {
    const patterns = await folderPatterns();
    const all = [...patterns.values()];
    documents.filePatterns = {
      gunicornFiles: [...new Set([...DEFAULT_SETTINGS.gunicornFiles, ...all.flatMap((p) => p.gunicornFiles)])],
      uwsgiFiles: [...new Set([...DEFAULT_SETTINGS.uwsgiFiles, ...all.flatMap((p) => p.uwsgiFiles)])],
    };
    discovered.clear();
    for (const path of discoverFiles(roots, (root) => patterns.get(root) ?? DEFAULT_SETTINGS)) discovered.add(path);
    updateWorkspace();
    return all;
  }
  /** Rescans (settings or folders changed), then revalidates every open document. */
  function rescanAndRevalidate(): void {
    runSafeVoid(logger, 'workspace scan', async () => {
      await rescan();
      validator.revalidateAll();
    });
  }

  const settings = new SettingsManager({
    connection,
    host: () => host,
    canPull: () => client.pull,
    roots: () => roots,
    log: (message) => connection.console.warn(message),
  });
  const validator = new Validator({
    connection,
    documents,
    service,
    settingsFor: (uri) => settings.get(uri, documents.pathOf(uri)),
    readFile: (path) => host.readFile(path),
    timer: runtime.timer,
    delay: runtime.validationDelay ?? 300,
    capabilities: () => ({ relatedInformation: client.related, dataSupport: client.data }),
    logger,
  });

  /** The open nginx document at `uri`, with the service configured for it; undefined when wsconf is off. */
  async function prepare(uri: string): Promise<{ document: TextDocument; path: string } | undefined> {
    const document = documents.document(uri);
    if (!document || !documents.isNginx(document)) return undefined;
    const path = documents.pathOf(uri);
    const resolved = await settings.get(uri, path);
    if (!resolved.enable) return undefined;
    service.configure(resolved.settings);
    return { document, path };
  }

  const positions = new Positions({ text: (p) => host.readFile(p), uri: (p) => documents.uriOf(p) });

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    client.pull = caps.workspace?.configuration === true;
    client.folders = caps.workspace?.workspaceFolders === true;
    client.dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    client.dynamicWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    client.related = caps.textDocument?.publishDiagnostics?.relatedInformation === true;
    client.data = caps.textDocument?.publishDiagnostics?.dataSupport === true;
    client.links = caps.textDocument?.definition?.linkSupport === true;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    roots = folders.map((uri) => documents.pathOf(uri));
    const literal = caps.textDocument?.codeAction?.codeActionLiteralSupport !== undefined;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: literal ? { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] } : true,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['$', '/', '"', "'", '%', '('], resolveProvider: false },
        documentSymbolProvider: true,
        definitionProvider: true,
        foldingRangeProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'wsconf' },
    };
  });

  connection.onInitialized(() => {
    runSafeVoid(logger, 'workspace scan', async () => {
      let patterns: readonly FilePatterns[] = [];
      try {
        patterns = await rescan();
        validator.revalidateAll();
      } finally {
        // Custom gunicorn/uWSGI globs are watched too, so a renamed or new config is picked up.
        const globs = new Set([...WATCHED, ...patterns.flatMap((p) => [...p.gunicornFiles, ...p.uwsgiFiles])]);
        if (client.dynamicWatchers) {
          await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [...globs].map((globPattern) => ({ globPattern })) });
        }
      }
    });
    if (client.dynamicConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'wsconf' });
    }
    if (!client.folders) return;
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => documents.pathOf(f.uri)));
      roots = [...roots.filter((r) => !removed.has(r)), ...event.added.map((f) => documents.pathOf(f.uri))];
      settings.reset();
      rescanAndRevalidate();
    });
  });

  const justOpened = new Set<string>();
  documents.documents.onDidOpen((event) => {
    justOpened.add(event.document.uri);
    runSafeVoid(logger, 'workspace update', () => {
      // A newly known app config can link to nginx files validated before it was opened.
      if (updateWorkspace()) validator.revalidateAll();
    });
    runSafeVoid(logger, 'didOpen', () => onChanged(event.document.uri, 0));
  });
  documents.documents.onDidChangeContent((event) => {
    // TextDocuments fires a change right after every open; the open was handled already.
    if (justOpened.delete(event.document.uri)) return;
    runSafeVoid(logger, 'didChange', () => onChanged(event.document.uri));
  });
  documents.documents.onDidClose((event) => {
    justOpened.delete(event.document.uri);
    settings.forget(event.document.uri);
    runSafeVoid(logger, 'didClose', () => {
      const changed = updateWorkspace();
      validator.closed(event.document.uri, documents.pathOf(event.document.uri));
      if (changed) validator.revalidateAll();
    });
  });

  function onChanged(uri: string, delay?: number): void {
    const path = documents.pathOf(uri);
    if (Documents.isProjectConfig(path)) {
      settings.reset();
      rescanAndRevalidate();
    } else validator.changed(path, delay);
  }

  connection.onDidChangeConfiguration((params) => {
    settings.reset(params.settings);
    rescanAndRevalidate();
  });

  connection.onDidChangeWatchedFiles((params) => {
    let all = false;
    let projectChanged = false;
    for (const change of params.changes) {
      const path = documents.pathOf(change.uri);
      if (Documents.isProjectConfig(path)) {
        settings.reset();
        projectChanged = true;
      } else if (change.type !== FileChangeType.Changed) {
        all = true;
        if (change.type === FileChangeType.Deleted) discovered.delete(path);
        else if (service.detectLanguage(path, host.readFile(path)) !== undefined) discovered.add(path);
      } else if (!documents.get(path)) validator.changed(path);
    }
    if (projectChanged) rescanAndRevalidate();
    else if (all) {
      updateWorkspace();
      validator.revalidateAll();
    }
  });

  /** Diagnostics (with data) of the current text of `path`, computed now. */
  function freshDiagnostics(path: string, document: TextDocument) {
    return service
      .lint([path])
      .findings.filter((f) => f.file === path)
      .map((f) => findingToDiagnostic(f, positions, { relatedInformation: client.related, dataSupport: true, version: document.version }));
  }

  connection.onCodeAction((params, token) =>
    runSafe(logger, 'codeAction', token, [], async () => {
      const prepared = await prepare(params.textDocument.uri);
      if (!prepared) return [];
      const { document, path } = prepared;
      let fresh: ReturnType<typeof freshDiagnostics> | undefined;
      const recompute = () => (fresh ??= freshDiagnostics(path, document));
      return computeCodeActions({
        uri: document.uri,
        text: document.getText(),
        version: document.version,
        diagnostics: params.context.diagnostics,
        ...(params.context.only ? { only: params.context.only } : {}),
        recompute,
        fileDiagnostics: () => {
          const published = validator.publishedFor(document.uri);
          const current = published.every((d) => isDiagnosticData(d.data) && d.data.version === document.version);
          return current && published.length > 0 ? published : recompute();
        },
        fixAll: (ruleId) => editsToLsp(service.fixAll(path, ruleId !== undefined ? { ruleId } : {}), positions)[document.uri] ?? [],
      });
    }),
  );

  connection.onHover((params, token) =>
    runSafe(logger, 'hover', token, null, async () => {
      const prepared = await prepare(params.textDocument.uri);
      if (!prepared) return null;
      return service.hover(prepared.path, prepared.document.offsetAt(params.position)) ?? null;
    }),
  );

  connection.onCompletion((params, token) =>
    runSafe(logger, 'completion', token, null, async () => {
      const prepared = await prepare(params.textDocument.uri);
      if (!prepared) return null;
      return service.complete(prepared.path, prepared.document.offsetAt(params.position));
    }),
  );

  connection.onDocumentSymbol((params, token) =>
    runSafe(logger, 'documentSymbol', token, [], async () => {
      const prepared = await prepare(params.textDocument.uri);
      return prepared ? service.symbols(prepared.path) : [];
    }),
  );

  connection.onDefinition((params, token) =>
    runSafe<Location[] | LocationLink[]>(logger, 'definition', token, [], async () => {
      const prepared = await prepare(params.textDocument.uri);
      if (!prepared) return [];
      const targets = service.definition(prepared.path, prepared.document.offsetAt(params.position));
      if (client.links) {
        return targets.map((t) => ({
          originSelectionRange: positions.range(prepared.path, t.origin),
          targetUri: positions.uri(t.file),
          targetRange: positions.range(t.file, t.span),
          targetSelectionRange: positions.range(t.file, t.selection),
        }));
      }
      return targets.map((t) => ({ uri: positions.uri(t.file), range: positions.range(t.file, t.selection) }));
    }),
  );

  connection.onFoldingRanges((params, token) =>
    runSafe(logger, 'foldingRange', token, [], async () => {
      const prepared = await prepare(params.textDocument.uri);
      return prepared ? service.folding(prepared.path) : [];
    }),
  );

  connection.onShutdown(() => validator.dispose());

  documents.documents.listen(connection);
  connection.listen();
}
