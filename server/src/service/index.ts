/**
 * The wsconf language service: a pure facade used by the LSP server and the CLI alike.
 * All file access goes through the injected ServiceHost; the same inputs always give the
 * same findings.
 */
import type { CompletionList, DocumentSymbol, FoldingRange, Hover } from 'vscode-languageserver-types';
import { computeFixAll } from './features/code-actions';
import { doComplete } from './features/completion';
import { findDefinition, type DefinitionTarget } from './features/definition';
import { foldingRanges } from './features/folding';
import { doHover } from './features/hover';
import { gunicornCompletion } from './features/gunicorn-completion';
import { gunicornHover } from './features/gunicorn-hover';
import { uwsgiCompletion } from './features/uwsgi-completion';
import { uwsgiDefinition, uwsgiHover } from './features/uwsgi-hover';
import { documentSymbols } from './features/symbols';
import { gunicornFolding, gunicornSymbols, uwsgiFolding, uwsgiSymbols } from './features/app-symbols';
import { lookupDirective } from './knowledge/nginx';
import { detectLanguage } from './languages/detect';
import type { NginxFile } from './languages/nginx/ast';
import { buildNginxModel, type NginxModel } from './languages/nginx/model';
import { parseNginx } from './languages/nginx/parser';
import { dedupeFindings, lintNginxModel } from './lint/linter';
import type { NginxRule } from './lint/rule';
import { ALL_RULES, CROSS_RULES, NGINX_RULES, type AnyRule } from './lint/rules';
import { lintWorkspace } from './lint/workspace-rule';
import { linkDefinition, linkHover } from './features/links';
import { setCrossFileEvidence as setGunicornEvidence } from './languages/gunicorn/websocket';
import { setCrossFileEvidence as setUwsgiEvidence } from './languages/uwsgi/websocket';
import { classifyLocation } from './languages/nginx/websocket';
import { targetLocations } from './workspace/links';
import { createWorkspace, type AppConfig, type Workspace } from './workspace/workspace';
import { appSizeLimit, lintAppConfig } from './lint/app-config-lint';
import { SuppressionUsage } from './lint/disable-comments';
import { findUnusedDisables, suppressionSources, UNUSED_DISABLE_ID } from './lint/rules/wsconf/unused-disable';
import { parseGunicornConfig } from './languages/gunicorn/parser';
import { parseUwsgiIni } from './languages/uwsgi/parser';
import { readOnceHost } from './read-once-host';
import { pushAll } from './arrays';
import { resolveSettings, type Settings } from './settings';
import { basename, dirname, joinPath } from './text/paths';
import type { Edit, Finding, LanguageId, ServiceHost } from './types';

export * from './types';
export type { Settings } from './settings';
export { DEFAULT_SETTINGS, resolveSettings } from './settings';
export { LineIndex } from './text/line-index';
export { applyEdits, applyFixGroups } from './text/apply-edits';
export { detectLanguage } from './languages/detect';
export type { DefinitionTarget } from './features/definition';
export { computeCodeActions, FIX_ALL_KIND, isDiagnosticData } from './features/code-actions';
export type { CodeActionRequest, DiagnosticData, FixData } from './features/code-actions';
export { parseProjectConfig, mergeSettingLayers } from './config-file';

export interface LanguageServiceOptions {
  readonly host: ServiceHost;
  readonly settings?: Partial<Settings>;
}

export interface LintOptions {
  /** Run only these rules (tests). */
  readonly only?: readonly string[];
}

export interface LintResult {
  readonly findings: readonly Finding[];
  /** Every file analysed, by the entry file whose model reached it. */
  readonly models: ReadonlyMap<string, NginxModel>;
  /**
   * Every file the findings depend on: the files of `models`, and, when the workspace has app
   * configs, every file of the deployment (nginx and app configs). A change to any of them
   * may change the findings (the editor revalidates on it).
   */
  readonly files: ReadonlySet<string>;
}

export interface LanguageService {
  readonly settings: Settings;
  configure(settings: Partial<Settings>): void;
  detectLanguage(path: string, text?: string): LanguageId | undefined;
  /**
   * Lints the given files as one deployment: includes are followed, each file analysed once.
   * The cross-file rules see `paths` together with the workspace files (setWorkspaceFiles); a
   * cross-file finding is kept when it, or a file it relates to, is one of `paths` or a file
   * of their nginx models. Per-file rules run only on `paths` (and what they include).
   */
  lint(paths: readonly string[], options?: LintOptions): LintResult;
  /**
   * The deployment's files that are not necessarily being linted: the gunicorn, uWSGI and nginx
   * configs of the editor's workspace folders (the CLI passes everything it lints to lint()).
   */
  setWorkspaceFiles(paths: readonly string[]): void;
  /** The deployment snapshot for `paths` plus the workspace files (nginx models, app configs, links). */
  workspace(paths?: readonly string[]): Workspace;
  /** The model whose include tree holds `path` (the nginx.conf that includes it, or the file itself). */
  nginxModelFor(path: string): NginxModel | undefined;
  parseNginx(path: string, text: string): NginxFile;
  readonly rules: readonly AnyRule[];
  /** Markdown hover for the directive, variable or upstream name at `offset`. */
  hover(path: string, offset: number): Hover | undefined;
  /** Completion items at `offset`: directives valid in the block there, values, variables, upstreams. */
  complete(path: string, offset: number): CompletionList;
  /** The outline of one file: http > server > location, upstream, map, …; gunicorn settings and hooks; uWSGI sections and options. */
  symbols(path: string): DocumentSymbol[];
  /** Where the upstream, included file or variable at `offset` is defined. */
  definition(path: string, offset: number): DefinitionTarget[];
  /** Multi-line blocks (nginx blocks, uWSGI sections, multi-line Python statements) and runs of comment lines. */
  folding(path: string): FoldingRange[];
  /**
   * Edits that apply every safe fix (kind 'fix') in `path`, re-linting between passes (up to
   * 10), like the CLI's --fix; with `ruleId`, only that rule's fixes.
   */
  fixAll(path: string, options?: { readonly ruleId?: string }): Edit[];
}

const PARSE_CACHE_SIZE = 512;
const ROOT_SEARCH_DEPTH = 4;

export function createLanguageService(options: LanguageServiceOptions): LanguageService {
  const host = readOnceHost(options.host);
  let settings = resolveSettings(options.settings);
  const parseCache = new Map<string, NginxFile>();

  const isDirectiveName = (name: string) => lookupDirective(name) !== undefined;
  function parse(path: string, text: string): NginxFile {
    const cached = parseCache.get(path);
    if (cached && cached.text === text) return cached;
    const ast = parseNginx(text, { isDirectiveName });
    parseCache.delete(path);
    parseCache.set(path, ast);
    if (parseCache.size > PARSE_CACHE_SIZE) parseCache.delete(parseCache.keys().next().value as string);
    return ast;
  }

  function build(path: string): NginxModel {
    return buildNginxModel(path, { host, settings, parse });
  }

  /** The nginx.conf in this folder or an ancestor folder that includes `path`, if any. */
  function findRoot(path: string): NginxModel | undefined {
    if (basename(path) === 'nginx.conf') return undefined;
    let dir = dirname(path);
    for (let level = 0; level < ROOT_SEARCH_DEPTH; level++) {
      const candidate = joinPath(dir, 'nginx.conf');
      if (candidate !== path && host.stat(candidate)?.isDirectory === false) {
        const model = build(candidate);
        if (model.files.has(path)) return model;
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return undefined;
  }

  function nginxModelFor(path: string): NginxModel | undefined {
    return findRoot(path) ?? build(path);
  }

  let workspaceFiles: readonly string[] = [];

  /** Parsed app configs by path, reused while the text is the same (every lint and hover reads the workspace). */
  const appCache = new Map<string, { text: string; app: AppConfig }>();

  /** The parsed app config at `path`, unless it is missing or over the size limit. */
  function parseApp(path: string, language: 'gunicorn' | 'uwsgi'): AppConfig | undefined {
    const text = host.readFile(path);
    if (text === undefined || text.length > appSizeLimit(language, settings)) return undefined;
    const cached = appCache.get(path);
    if (cached && cached.text === text && cached.app.kind === language) return cached.app;
    const app: AppConfig = language === 'gunicorn' ? { kind: 'gunicorn', path, config: parseGunicornConfig(text) } : { kind: 'uwsgi', path, file: parseUwsgiIni(text) };
    appCache.delete(path);
    appCache.set(path, { text, app });
    if (appCache.size > PARSE_CACHE_SIZE) appCache.delete(appCache.keys().next().value as string);
    return app;
  }

  /**
   * The snapshot for `paths` ∪ workspace files: the nginx models (`asked` ones reused) and the
   * app configs. Without any app config there is nothing to link, and no nginx file is read.
   */
  function buildWorkspace(paths: readonly string[], asked: ReadonlyMap<string, NginxModel> = new Map()): Workspace {
    const all = [...new Set([...paths, ...workspaceFiles])].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const apps: AppConfig[] = [];
    const nginxPaths: string[] = [];
    for (const path of all) {
      const language = detectLanguage(path, host.readFile(path), settings);
      if (language === 'gunicorn' || language === 'uwsgi') {
        const app = parseApp(path, language);
        if (app) apps.push(app);
      } else if (language === 'nginx') nginxPaths.push(path);
    }
    if (apps.length === 0) return createWorkspace([...asked.values()], []);
    const models = [...asked.values()];
    const covered = new Set(models.flatMap((m) => [...m.files.keys()]));
    for (const path of nginxPaths) {
      if (covered.has(path)) continue;
      const model = nginxModelFor(path);
      if (!model) continue;
      models.push(model);
      for (const file of model.files.keys()) covered.add(file);
    }
    return createWorkspace(models, apps);
  }

  /** Feeds "an nginx (Socket.IO) WebSocket location proxies here" into the per-file WebSocket decisions. */
  function recordEvidence(workspace: Workspace): void {
    for (const app of workspace.apps) {
      let proxiedBy = 0;
      let socketioProxiedBy = 0;
      const seen = new Set<unknown>();
      for (const link of workspace.linksTo(app.path)) {
        for (const location of targetLocations(link.target)) {
          if (seen.has(location)) continue;
          seen.add(location);
          const ws = classifyLocation(location, link.target.model);
          if (!ws) continue;
          proxiedBy++;
          if (ws.socketio) socketioProxiedBy++;
        }
      }
      // Always set: parsed configs are cached, and a link that went away must take its evidence with it.
      if (app.kind === 'gunicorn') setGunicornEvidence(app.config, { proxiedBy, socketioProxiedBy });
      else setUwsgiEvidence(app.file, { proxiedBy, socketioProxiedBy });
    }
  }

  function lint(paths: readonly string[], lintOptions: LintOptions = {}): LintResult {
    const asked = lintOptions.only ? new Set(lintOptions.only) : undefined;
    // Unused suppression comments can only be judged when every rule has run.
    const usage = !asked || asked.has(UNUSED_DISABLE_ID) ? new SuppressionUsage() : undefined;
    const only = usage ? undefined : asked;
    const runOptions = { ...(only ? { only } : {}), ...(usage ? { usage } : {}) };
    const findings: Finding[] = [];
    const models = new Map<string, NginxModel>();
    const covered = new Set<string>();
    const appPaths: { path: string; language: 'gunicorn' | 'uwsgi' }[] = [];
    // Main files first, so that the files they include are analysed in their context.
    const ordered = [...paths].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const path of ordered) {
      if (covered.has(path)) continue;
      const language = detectLanguage(path, host.readFile(path), settings);
      if (language === 'gunicorn' || language === 'uwsgi') {
        covered.add(path);
        appPaths.push({ path, language });
        continue;
      }
      const model = nginxModelFor(path);
      if (!model) continue;
      models.set(model.main.path, model);
      covered.add(path);
      for (const file of model.files.keys()) covered.add(file);
      pushAll(findings, lintNginxModel(model, NGINX_RULES, settings, runOptions));
    }
    const workspace = buildWorkspace(ordered, models);
    recordEvidence(workspace);
    for (const { path, language } of appPaths) {
      const text = host.readFile(path);
      if (text !== undefined) pushAll(findings, lintAppConfig(path, language, text, settings, runOptions, workspace.apps.find((a) => a.path === path)));
    }
    const files = new Set<string>(paths);
    for (const model of models.values()) for (const [file, source] of model.files) if (!source.virtual) files.add(file);
    if (workspace.apps.length > 0) {
      for (const app of workspace.apps) files.add(app.path);
      for (const model of workspace.models) for (const [file, source] of model.files) if (!source.virtual) files.add(file);
      const cross = lintWorkspace(workspace, CROSS_RULES, settings, runOptions);
      pushAll(findings, cross.filter((f) => covered.has(f.file) || (f.related ?? []).some((r) => covered.has(r.file))));
    }
    if (usage) {
      const crossRan = workspace.apps.length > 0;
      const ran = (id: string) => settings.rules[id]?.level !== 'off' && (crossRan || !id.startsWith('cross/'));
      const sources = suppressionSources(models, appPaths.map((a) => parseApp(a.path, a.language)));
      pushAll(findings, findUnusedDisables({ sources, usage, settings, knownIds: ALL_RULES.map((r) => r.id), ran }));
    }
    const result = dedupeFindings(findings);
    return { findings: asked && !only ? result.filter((f) => asked.has(f.ruleId)) : result, models, files };
  }

  /** The file's own syntax tree, unless it is missing or over the size limit. */
  function fileAst(path: string): NginxFile | undefined {
    const text = host.readFile(path);
    if (text === undefined || text.length > settings.maxFileSize) return undefined;
    return parse(path, text);
  }

  function fixAll(path: string, fixOptions: { readonly ruleId?: string } = {}): Edit[] {
    const text = host.readFile(path);
    if (text === undefined) return [];
    const only = fixOptions.ruleId !== undefined ? { only: [fixOptions.ruleId] } : {};
    return computeFixAll({
      path,
      text,
      ...(fixOptions.ruleId !== undefined ? { ruleId: fixOptions.ruleId } : {}),
      lint: (current) => {
        const overlay: ServiceHost = {
          readFile: (p) => (p === path ? current : host.readFile(p)),
          stat: (p) => (p === path ? { size: current.length, isDirectory: false } : host.stat(p)),
          readDirectory: (p) => host.readDirectory(p),
        };
        const overlaid = createLanguageService({ host: overlay, settings });
        overlaid.setWorkspaceFiles(workspaceFiles);
        return overlaid.lint([path], only).findings;
      },
    });
  }

  /** The parsed gunicorn.conf.py at `path`, when that is what the file is (hover, completion); cached, not parsed per request. */
  function gunicornFile(path: string) {
    const app = detectLanguage(path, host.readFile(path), settings) === 'gunicorn' ? parseApp(path, 'gunicorn') : undefined;
    return app?.kind === 'gunicorn' ? app.config : undefined;
  }

  /** The parsed uwsgi.ini at `path`, when that is what the file is (hover, completion, definition); cached. */
  function uwsgiFile(path: string) {
    const app = detectLanguage(path, host.readFile(path), settings) === 'uwsgi' ? parseApp(path, 'uwsgi') : undefined;
    return app?.kind === 'uwsgi' ? app.file : undefined;
  }

  return {
    get settings() {
      return settings;
    },
    configure(next) {
      settings = resolveSettings(next);
    },
    detectLanguage: (path, text) => detectLanguage(path, text, settings),
    lint: (paths, lintOptions) => host.during(() => lint(paths, lintOptions)),
    setWorkspaceFiles(paths) {
      workspaceFiles = [...paths];
    },
    workspace: (paths = []) => buildWorkspace(paths),
    nginxModelFor,
    parseNginx: parse,
    rules: ALL_RULES,
    hover: (path, offset) => {
      // App configs: the option's own hover (a `%(key)` placeholder…) first, then its nginx links.
      const gunicorn = gunicornFile(path);
      if (gunicorn) return gunicornHover(gunicorn, offset, settings) ?? linkHover(buildWorkspace([path]), path, offset);
      const ini = uwsgiFile(path);
      if (ini) return uwsgiHover(ini, path, offset) ?? linkHover(buildWorkspace([path]), path, offset);
      const model = nginxModelFor(path);
      const linked = linkHover(buildWorkspace([path], model ? new Map([[model.main.path, model]]) : undefined), path, offset);
      if (linked) return linked;
      return model ? doHover(model, path, offset) : undefined;
    },
    complete: (path, offset) => {
      const gunicorn = gunicornFile(path);
      if (gunicorn) return gunicornCompletion(gunicorn, offset, settings);
      const ini = uwsgiFile(path);
      if (ini) return uwsgiCompletion(ini, offset);
      const model = nginxModelFor(path);
      return model ? doComplete(model, path, offset) : { isIncomplete: false, items: [] };
    },
    symbols: (path) => {
      const gunicorn = gunicornFile(path);
      if (gunicorn) return gunicornSymbols(gunicorn);
      const ini = uwsgiFile(path);
      if (ini) return uwsgiSymbols(ini);
      const ast = fileAst(path);
      return ast ? documentSymbols(ast) : [];
    },
    definition: (path, offset) => {
      const ini = uwsgiFile(path);
      const language = ini ? 'uwsgi' : detectLanguage(path, host.readFile(path), settings);
      const model = language === 'uwsgi' || language === 'gunicorn' ? undefined : nginxModelFor(path);
      const linked = linkDefinition(buildWorkspace([path], model ? new Map([[model.main.path, model]]) : undefined), path, offset);
      if (linked.length > 0) return linked;
      if (ini) return uwsgiDefinition(ini, path, offset);
      return model ? findDefinition(model, path, offset) : [];
    },
    folding: (path) => {
      const gunicorn = gunicornFile(path);
      if (gunicorn) return gunicornFolding(gunicorn);
      const ini = uwsgiFile(path);
      if (ini) return uwsgiFolding(ini);
      const ast = fileAst(path);
      return ast ? foldingRanges(ast) : [];
    },
    fixAll,
  };
}

function rank(path: string): number {
  return basename(path) === 'nginx.conf' ? 0 : 1;
}
