/**
 * The project file `.wsconf.json`, shared by the CLI and the editor: a pure parser that turns
 * its text into a partial Settings layer plus human-readable problems. Unknown or invalid
 * entries are reported and skipped; they never make the whole file unusable.
 *
 *     {
 *       "rules": { "nginx/unknown-directive": "warning", "nginx/ws-read-timeout": ["error", { "min": 30 }] },
 *       "nginx": { "version": "1.22.1", "prefix": "/etc/nginx/", "extraDirectives": ["more_set_headers"] },
 *       "socketio": { "pingInterval": 25 },
 *       "maxFileSize": 5000000
 *     }
 */
import { resolveSettings, type RuleSetting, type Settings } from './settings';
import type { RuleLevel } from './types';

export interface ProjectConfig {
  readonly settings: Partial<Settings>;
  readonly problems: readonly string[];
}

const LEVELS: readonly RuleLevel[] = ['off', 'info', 'warning', 'error'];
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const VERSION = /^\d+\.\d+(\.\d+)?$/;
const DIRECTIVE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TOP_KEYS = new Set(['$schema', 'rules', 'nginx', 'socketio', 'maxFileSize', 'gunicorn', 'engineio', 'uwsgi', 'websocketApp', 'files']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Removes `//` and `/* *\/` comments and trailing commas outside strings (JSONC, as editors write it). */
function stripJsonc(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const comment = text.slice(i, end === -1 ? text.length : end + 2);
      out += comment.replace(/[^\n]/g, ' ');
      i = end === -1 ? text.length : end + 1;
    } else out += c;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

function isLevel(value: unknown): value is RuleLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

/** Parses one rule entry: a level, or `[level]` / `[level, options]`. */
export function parseRuleEntry(id: string, value: unknown, problems: string[], where: string): RuleSetting | undefined {
  if (isLevel(value)) return { level: value };
  if (Array.isArray(value) && value.length >= 1 && value.length <= 2 && isLevel(value[0])) {
    const options = value[1];
    if (options === undefined) return { level: value[0] };
    if (isObject(options)) return { level: value[0], options };
    problems.push(`${where}: the options of rule "${id}" must be an object.`);
    return { level: value[0] };
  }
  problems.push(`${where}: rule "${id}" must be one of "off", "info", "warning", "error", or [level, options].`);
  return undefined;
}

/** Parses `rules` objects (shared with the editor settings validation). */
export function parseRules(value: unknown, problems: string[], where: string): Record<string, RuleSetting> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    problems.push(`${where}: "rules" must be an object from rule id to level.`);
    return undefined;
  }
  const rules: Record<string, RuleSetting> = {};
  for (const [id, entry] of Object.entries(value)) {
    if (!RULE_ID.test(id)) {
      problems.push(`${where}: "${id}" is not a rule id (expected e.g. "nginx/unknown-directive").`);
      continue;
    }
    const parsed = parseRuleEntry(id, entry, problems, where);
    if (parsed) rules[id] = parsed;
  }
  return rules;
}

export function parseExtraDirectives(value: unknown, problems: string[], where: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${where}: "extraDirectives" must be an array of directive names.`);
    return undefined;
  }
  const names: string[] = [];
  for (const item of value) {
    if (typeof item === 'string' && DIRECTIVE_NAME.test(item)) names.push(item);
    else problems.push(`${where}: ${JSON.stringify(item)} in "extraDirectives" is not a directive name.`);
  }
  return names;
}

export function parseVersion(value: unknown, problems: string[], where: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && VERSION.test(value)) return value;
  problems.push(`${where}: "version" must look like "1.22.1" (or be empty for unknown).`);
  return undefined;
}

export function parsePositiveNumber(value: unknown, key: string, min: number, problems: string[], where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= min) return value;
  problems.push(`${where}: "${key}" must be a number ≥ ${min}.`);
  return undefined;
}

export function parsePrefix(value: unknown, problems: string[], where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.startsWith('/')) return value;
  problems.push(`${where}: "prefix" must be an absolute path such as "/etc/nginx/".`);
  return undefined;
}

function assign<K extends keyof Settings>(target: { -readonly [P in keyof Settings]?: Settings[P] }, key: K, value: Settings[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** Parses the text of a `.wsconf.json`. Never throws. */
export function parseProjectConfig(text: string, where = '.wsconf.json'): ProjectConfig {
  const problems: string[] = [];
  let root: unknown;
  try {
    root = text.trim() === '' ? {} : JSON.parse(stripJsonc(text));
  } catch (error) {
    problems.push(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)}); it was ignored.`);
    return { settings: {}, problems };
  }
  if (!isObject(root)) {
    problems.push(`${where}: the file must hold a JSON object; it was ignored.`);
    return { settings: {}, problems };
  }
  const settings: { -readonly [P in keyof Settings]?: Settings[P] } = {};
  for (const key of Object.keys(root)) {
    if (!TOP_KEYS.has(key)) problems.push(`${where}: unknown key "${key}" (known: ${[...TOP_KEYS].filter((k) => k !== '$schema').join(', ')}).`);
  }
  assign(settings, 'rules', parseRules(root.rules, problems, where));

  const nginx = root.nginx;
  if (isObject(nginx)) {
    for (const key of Object.keys(nginx)) {
      if (!['version', 'prefix', 'extraDirectives'].includes(key)) problems.push(`${where}: unknown key "nginx.${key}".`);
    }
    assign(settings, 'nginxVersion', parseVersion(nginx.version, problems, where));
    assign(settings, 'nginxPrefix', parsePrefix(nginx.prefix, problems, where));
    assign(settings, 'extraDirectives', parseExtraDirectives(nginx.extraDirectives, problems, where));
  } else if (nginx !== undefined) problems.push(`${where}: "nginx" must be an object.`);

  const socketio = root.socketio;
  if (isObject(socketio)) {
    for (const key of Object.keys(socketio)) {
      if (key !== 'pingInterval') problems.push(`${where}: unknown key "socketio.${key}".`);
    }
    assign(settings, 'pingInterval', parsePositiveNumber(socketio.pingInterval, 'pingInterval', 1, problems, where));
  } else if (socketio !== undefined) problems.push(`${where}: "socketio" must be an object.`);

  assign(settings, 'maxFileSize', parsePositiveNumber(root.maxFileSize, 'maxFileSize', 0, problems, where));
  parseAppServerSettings(root, settings, problems, where);
  return { settings, problems };
}

function parseGlobs(value: unknown, key: string, problems: string[], where: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '')) return value as string[];
  problems.push(`${where}: "${key}" must be a list of file globs such as "**/gunicorn.conf.py".`);
  return undefined;
}

/**
 * The app-server part, shared by .wsconf.json and the editor settings (same keys):
 * `gunicorn.version`, `engineio.version`, `uwsgi.build`, `websocketApp`, `files.{gunicorn,uwsgi}`.
 */
export function parseAppServerSettings(
  root: Record<string, unknown>,
  settings: { -readonly [P in keyof Settings]?: Settings[P] },
  problems: string[],
  where: string,
): void {
  const section = (name: string, keys: readonly string[]): Record<string, unknown> | undefined => {
    const value = root[name];
    if (value === undefined) return undefined;
    if (!isObject(value)) {
      problems.push(`${where}: "${name}" must be an object.`);
      return undefined;
    }
    for (const key of Object.keys(value)) if (!keys.includes(key)) problems.push(`${where}: unknown key "${name}.${key}".`);
    return value;
  };
  const gunicorn = section('gunicorn', ['version']);
  if (gunicorn && gunicorn.version !== '') assign(settings, 'gunicornVersion', parseVersion(gunicorn.version, problems, where));
  const engineio = section('engineio', ['version']);
  if (engineio && engineio.version !== '') assign(settings, 'engineioVersion', parseVersion(engineio.version, problems, where));
  const uwsgi = section('uwsgi', ['build']);
  if (uwsgi && uwsgi.build !== undefined && uwsgi.build !== '') {
    if (uwsgi.build === 'debian' || uwsgi.build === 'pip') settings.uwsgiBuild = uwsgi.build;
    else problems.push(`${where}: "uwsgi.build" must be "debian" or "pip".`);
  }
  const app = root.websocketApp;
  if (app !== undefined) {
    if (app === 'auto' || app === 'yes' || app === 'no') settings.websocketApp = app;
    else problems.push(`${where}: "websocketApp" must be "auto", "yes" or "no".`);
  }
  const files = section('files', ['nginx', 'gunicorn', 'uwsgi']);
  if (files) {
    assign(settings, 'gunicornFiles', parseGlobs(files.gunicorn, 'files.gunicorn', problems, where));
    assign(settings, 'uwsgiFiles', parseGlobs(files.uwsgi, 'files.uwsgi', problems, where));
  }
}

/** Layers partial settings (see resolveSettings: rules merge per id and per field). */
export function mergeSettingLayers(...layers: readonly (Partial<Settings> | undefined)[]): Partial<Settings> {
  return resolveSettings(...layers);
}
