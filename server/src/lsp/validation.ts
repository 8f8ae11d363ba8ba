/**
 * Diagnostics push (after VS Code's registerDiagnosticsPushSupport): validation of a document
 * is debounced; a result computed for an older version is dropped; a change to any file
 * revalidates every open document whose model holds it, or whose cross-file findings depend on
 * it (a gunicorn.conf.py linked to an open nginx.conf). A validation publishes for every
 * file of its model (included files too, open or not), and each published file gets the
 * union of what every validated document found in it, so two open files of one deployment
 * never erase each other's results.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { LanguageService } from '../service';
import type { Settings } from '../service/settings';
import { findingToDiagnostic, Positions } from './convert';
import type { Documents } from './documents';
import { runSafeVoid, type Logger } from './run-safe';

export interface Disposable {
  dispose(): void;
}

export interface Timer {
  setTimeout(callback: () => void, ms: number): Disposable;
}

export interface ValidationOptions {
  readonly connection: Connection;
  readonly documents: Documents;
  readonly service: LanguageService;
  readonly settingsFor: (uri: string) => Promise<{ enable: boolean; settings: Partial<Settings> }>;
  readonly readFile: (path: string) => string | undefined;
  readonly timer: Timer;
  /** Debounce after a change, in ms. */
  readonly delay: number;
  readonly capabilities: () => { relatedInformation: boolean; dataSupport: boolean };
  readonly logger: Logger;
}

export class Validator {
  private readonly timers = new Map<string, Disposable>();
  /** Paths of every file in the models of each validated document. */
  private readonly dependencies = new Map<string, ReadonlySet<string>>();
  /** target URI -> (validated document URI -> diagnostics it found there). */
  private readonly contributions = new Map<string, Map<string, Diagnostic[]>>();
  /** Last published diagnostics by URI, serialized for change detection. */
  private readonly published = new Map<string, { json: string; diagnostics: Diagnostic[] }>();

  constructor(private readonly options: ValidationOptions) {}

  /** Validates `uri` after `delay` ms, replacing any validation already scheduled for it. */
  schedule(uri: string, delay = this.options.delay): void {
    this.timers.get(uri)?.dispose();
    this.timers.set(
      uri,
      this.options.timer.setTimeout(() => {
        this.timers.delete(uri);
        runSafeVoid(this.options.logger, `validating ${uri}`, () => this.validate(uri));
      }, delay),
    );
  }

  /** A file changed (an open document, or on disk): revalidate it and every document whose model holds it. */
  changed(path: string, delay = this.options.delay): void {
    const { documents } = this.options;
    for (const document of documents.all()) {
      const own = documents.pathOf(document.uri) === path;
      const affected = own ? documents.isNginx(document) : this.dependencies.get(document.uri)?.has(path) === true;
      if (affected) this.schedule(document.uri, delay);
    }
  }

  revalidateAll(delay = 0): void {
    for (const document of this.options.documents.all()) {
      if (this.options.documents.isNginx(document)) this.schedule(document.uri, delay);
    }
  }

  /** The document was closed: its own results go; documents that include it are revalidated from disk. */
  closed(uri: string, path: string): void {
    this.timers.get(uri)?.dispose();
    this.timers.delete(uri);
    this.dependencies.delete(uri);
    this.setContributions(uri, new Map());
    this.changed(path, 0);
  }

  /** What was last published for `uri` (code actions count findings of a rule with it). */
  publishedFor(uri: string): readonly Diagnostic[] {
    return this.published.get(uri)?.diagnostics ?? [];
  }

  dispose(): void {
    for (const timer of this.timers.values()) timer.dispose();
    this.timers.clear();
  }

  private async validate(uri: string): Promise<void> {
    const { documents, service } = this.options;
    const document = documents.document(uri);
    if (!document || !documents.isNginx(document)) return;
    const version = document.version;
    const { enable, settings } = await this.options.settingsFor(uri);
    // A newer edit has been made meanwhile; its own validation is already scheduled.
    if (documents.document(uri)?.version !== version) return;
    if (!enable) {
      this.dependencies.delete(uri);
      this.setContributions(uri, new Map());
      return;
    }
    const path = documents.pathOf(uri);
    service.configure(settings);
    const result = service.lint([path]);
    const { findings, models } = result;

    const texts = new Map<string, string>();
    const files = new Set<string>([path]);
    // Cross-file findings depend on every file of the deployment (gunicorn.conf.py for nginx.conf).
    const dependencies = new Set<string>([path, ...result.files]);
    for (const model of models.values()) {
      for (const [file, source] of model.files) {
        if (source.virtual) continue;
        files.add(file);
        texts.set(file, source.text);
      }
    }
    const positions = new Positions({
      text: (p) => texts.get(p) ?? documents.get(p) ?? this.options.readFile(p),
      uri: (p) => documents.uriOf(p),
    });
    const capabilities = this.options.capabilities();
    const byUri = new Map<string, Diagnostic[]>();
    for (const file of files) byUri.set(documents.uriOf(file), []);
    for (const finding of findings) {
      const target = documents.uriOf(finding.file);
      const open = documents.document(target);
      const diagnostic = findingToDiagnostic(finding, positions, {
        ...capabilities,
        ...(open ? { version: open.version } : {}),
      });
      const list = byUri.get(target);
      if (list) list.push(diagnostic);
      else byUri.set(target, [diagnostic]);
    }
    this.dependencies.set(uri, dependencies);
    this.setContributions(uri, byUri);
  }

  /** Replaces what `source` found, and republishes every URI whose union changed. */
  private setContributions(source: string, next: ReadonlyMap<string, Diagnostic[]>): void {
    const touched = new Set<string>(next.keys());
    for (const [target, bySource] of this.contributions) {
      if (bySource.has(source)) touched.add(target);
    }
    for (const target of touched) {
      const bySource = this.contributions.get(target) ?? new Map<string, Diagnostic[]>();
      const diagnostics = next.get(target);
      if (diagnostics) bySource.set(source, diagnostics);
      else bySource.delete(source);
      if (bySource.size === 0) this.contributions.delete(target);
      else this.contributions.set(target, bySource);
      this.publish(target, bySource);
    }
  }

  private publish(uri: string, bySource: ReadonlyMap<string, Diagnostic[]>): void {
    const seen = new Set<string>();
    const diagnostics: Diagnostic[] = [];
    for (const list of bySource.values()) {
      for (const diagnostic of list) {
        const key = JSON.stringify([diagnostic.code, diagnostic.range, diagnostic.message]);
        if (seen.has(key)) continue;
        seen.add(key);
        diagnostics.push(diagnostic);
      }
    }
    const json = JSON.stringify(diagnostics);
    const previous = this.published.get(uri);
    if (previous?.json === json) return;
    if (diagnostics.length === 0 && bySource.size === 0) this.published.delete(uri);
    else this.published.set(uri, { json, diagnostics });
    if (!previous && diagnostics.length === 0 && bySource.size === 0) return;
    const version = this.options.documents.document(uri)?.version;
    void this.options.connection.sendDiagnostics({ uri, diagnostics, ...(version !== undefined ? { version } : {}) });
  }
}
