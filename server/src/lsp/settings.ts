/**
 * Settings flow (architecture §4.9, CSS-server style): the server pulls the `wsconf` section
 * per document with `workspace/configuration` (or uses what didChangeConfiguration pushed
 * when the client cannot be asked), validates it by hand, and layers it over the project
 * file `.wsconf.json` at the workspace root. Precedence: defaults < .wsconf.json < editor.
 * Both caches are cleared on didChangeConfiguration or when a .wsconf.json changes.
 */
import type { Connection } from 'vscode-languageserver';
import {
  mergeSettingLayers,
  parseExtraDirectives,
  parsePositiveNumber,
  parsePrefix,
  parseProjectConfig,
  parseRules,
  parseVersion,
  parseAppServerSettings,
} from '../service/config-file';
import type { Settings } from '../service/settings';
import { dirname, isUnder, joinPath } from '../service/text/paths';
import type { ServiceHost } from '../service/types';

export interface EditorSettings {
  readonly enable: boolean;
  readonly settings: Partial<Settings>;
  readonly problems: readonly string[];
}

export interface DocumentSettings {
  readonly enable: boolean;
  /** defaults < .wsconf.json < editor settings, ready for service.configure(). */
  readonly settings: Partial<Settings>;
}

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates the raw `wsconf` section; invalid entries are dropped and reported. */
export function validateEditorSettings(raw: unknown): EditorSettings {
  const where = 'settings (wsconf)';
  const problems: string[] = [];
  const settings: Mutable<Settings> = {};
  if (raw === undefined || raw === null) return { enable: true, settings, problems };
  if (!isObject(raw)) return { enable: true, settings, problems: [`${where}: expected an object.`] };
  const enable = raw.enable === undefined ? true : raw.enable !== false;
  if (raw.enable !== undefined && typeof raw.enable !== 'boolean') problems.push(`${where}: "enable" must be true or false.`);
  const rules = parseRules(raw.rules, problems, where);
  if (rules) settings.rules = rules;
  const nginx = raw.nginx;
  if (isObject(nginx)) {
    const version = parseVersion(nginx.version, problems, where);
    if (version !== undefined) settings.nginxVersion = version;
    const prefix = nginx.prefix === '' ? undefined : parsePrefix(nginx.prefix, problems, where);
    if (prefix !== undefined) settings.nginxPrefix = prefix;
    const extra = parseExtraDirectives(nginx.extraDirectives, problems, where);
    if (extra !== undefined && extra.length > 0) settings.extraDirectives = extra;
  }
  const socketio = raw.socketio;
  if (isObject(socketio)) {
    const ping = parsePositiveNumber(socketio.pingInterval, 'pingInterval', 1, problems, where);
    if (ping !== undefined) settings.pingInterval = ping;
  }
  const maxFileSize = parsePositiveNumber(raw.maxFileSize, 'maxFileSize', 0, problems, where);
  if (maxFileSize !== undefined) settings.maxFileSize = maxFileSize;
  parseAppServerSettings(raw, settings, problems, where);
  return { enable, settings, problems };
}

export interface SettingsOptions {
  readonly connection: Connection;
  readonly host: () => ServiceHost;
  /** Whether the client answers workspace/configuration. */
  readonly canPull: () => boolean;
  /** Workspace folder paths (the first that holds a file is its root). */
  readonly roots: () => readonly string[];
  readonly log: (message: string) => void;
}

export class SettingsManager {
  private readonly perUri = new Map<string, Promise<DocumentSettings>>();
  private readonly perRoot = new Map<string, Partial<Settings>>();
  /** Settings pushed by didChangeConfiguration, for clients without workspace/configuration. */
  private pushed: unknown;
  private readonly reported = new Set<string>();

  constructor(private readonly options: SettingsOptions) {}

  /** Clears every cache; `pushed` is the `settings` of a didChangeConfiguration, if any. */
  reset(pushed?: unknown): void {
    if (isObject(pushed) && 'wsconf' in pushed) this.pushed = pushed.wsconf;
    this.perUri.clear();
    this.perRoot.clear();
    this.reported.clear();
  }

  forget(uri: string): void {
    this.perUri.delete(uri);
  }

  get(uri: string, path: string): Promise<DocumentSettings> {
    let pending = this.perUri.get(uri);
    if (!pending) {
      pending = this.compute(uri, path);
      this.perUri.set(uri, pending);
    }
    return pending;
  }

  private async compute(uri: string, path: string): Promise<DocumentSettings> {
    let raw: unknown = this.pushed;
    if (this.options.canPull()) {
      try {
        raw = await this.options.connection.workspace.getConfiguration({ scopeUri: uri, section: 'wsconf' });
      } catch (error) {
        this.options.log(`wsconf: workspace/configuration failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const editor = validateEditorSettings(raw);
    this.report(editor.problems);
    const project = this.projectSettings(path);
    return { enable: editor.enable, settings: mergeSettingLayers(project, editor.settings) };
  }

  /** The `.wsconf.json` of the workspace folder holding `path` (or of the file's folder). */
  private projectSettings(path: string): Partial<Settings> {
    const roots = [...this.options.roots()].sort((a, b) => b.length - a.length);
    const root = roots.find((r) => isUnder(path, r)) ?? dirname(path);
    let cached = this.perRoot.get(root);
    if (!cached) {
      const file = joinPath(root, '.wsconf.json');
      const text = this.options.host().readFile(file);
      if (text === undefined) cached = {};
      else {
        const parsed = parseProjectConfig(text, file);
        this.report(parsed.problems);
        cached = parsed.settings;
      }
      this.perRoot.set(root, cached);
    }
    return cached;
  }

  private report(problems: readonly string[]): void {
    for (const problem of problems) {
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      this.options.log(problem);
    }
  }
}
