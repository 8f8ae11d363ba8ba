/**
 * Lookups over the gunicorn knowledge: settings (generated facts + versions + our notes) and
 * worker classes per version. Keys come from user files, so every table is a Map or a
 * null-prototype object (a setting named `constructor` is simply unknown).
 */
import { didYouMean } from '../did-you-mean';
import { compareVersions } from '../../languages/nginx/values';
import { MEANINGS, WEBSOCKET_NOTES, WORKER_NOTES } from './notes';
import { BASE_SETTINGS, LATER_SETTINGS, WORKERS } from './settings.generated';
import type { GeneratedWorker, SettingSpec } from './types';

export type { SettingSpec, SettingKind } from './types';
export { BASE_VERSION } from './settings.generated';
export { WORKER_NOTES } from './notes';

export const DOCS_BASE = 'https://docs.gunicorn.org/en/stable/settings.html';

export function docsUrl(name: string): string {
  return `${DOCS_BASE}#${name}`;
}

const SETTINGS = new Map<string, SettingSpec>();
for (const s of BASE_SETTINGS) {
  SETTINGS.set(s.name, {
    name: s.name, section: s.section, cli: s.cli, kind: s.kind, defaultText: s.defaultText,
    ...(s.default !== undefined ? { default: s.default } : {}),
    ...(s.defaultSource !== undefined ? { defaultSource: s.defaultSource } : {}),
    ...(s.envDefault !== undefined ? { envDefault: s.envDefault } : {}),
    ...(s.arity !== undefined ? { arity: s.arity } : {}),
    ...(s.arities !== undefined ? { arities: s.arities } : {}),
    ...(s.choices !== undefined ? { choices: s.choices } : {}),
    ...(s.removed !== undefined ? { removed: s.removed } : {}),
    ...(s.note !== undefined ? { versionNote: s.note } : {}),
    meaning: MEANINGS[s.name] ?? '',
    ...(WEBSOCKET_NOTES[s.name] !== undefined ? { websocket: WEBSOCKET_NOTES[s.name] } : {}),
    docsUrl: docsUrl(s.name),
  });
}
for (const s of LATER_SETTINGS) {
  SETTINGS.set(s.name, {
    ...s,
    meaning: MEANINGS[s.name] ?? '',
    ...(WEBSOCKET_NOTES[s.name] !== undefined ? { websocket: WEBSOCKET_NOTES[s.name] } : {}),
    docsUrl: docsUrl(s.name),
  });
}
const NAMES = [...SETTINGS.keys()];

export function lookupSetting(name: string): SettingSpec | undefined {
  return SETTINGS.get(name);
}

/** Every setting name of every version we know. */
export function allSettingNames(): readonly string[] {
  return NAMES;
}

export type Availability = 'available' | 'not-yet' | 'removed';

/** Whether `spec` exists in `version`; with no version, every known setting is available. */
export function availability(spec: { readonly since?: string; readonly removed?: string }, version: string | undefined): Availability {
  if (!version) return 'available';
  if (spec.since && compareVersions(version, spec.since) < 0) return 'not-yet';
  if (spec.removed && compareVersions(version, spec.removed) >= 0) return 'removed';
  return 'available';
}

export function settingsFor(version: string | undefined): SettingSpec[] {
  return [...SETTINGS.values()].filter((s) => availability(s, version) === 'available');
}

export function isHook(name: string): boolean {
  return SETTINGS.get(name)?.kind === 'hook';
}

/** Setting names close to `name` (the case-insensitive match first: gunicorn ignores `Workers`). */
export function suggestSettings(name: string, version?: string): string[] {
  const names = settingsFor(version).map((s) => s.name);
  const lower = name.toLowerCase();
  const exact = names.filter((n) => n === lower && n !== name);
  return [...exact, ...didYouMean(name, names).filter((n) => !exact.includes(n))];
}

// ---------------------------------------------------------------------------------------------
// Worker classes

export type WorkerFamily = 'sync' | 'gthread' | 'eventlet' | 'gevent' | 'gevent-websocket' | 'tornado' | 'asgi' | 'uvicorn' | 'custom';

/** Well-known third-party worker classes, with the family they belong to. */
const THIRD_PARTY = new Map<string, WorkerFamily>([
  ['geventwebsocket.gunicorn.workers.GeventWebSocketWorker', 'gevent-websocket'],
  ['uvicorn.workers.UvicornWorker', 'uvicorn'],
  ['uvicorn.workers.UvicornH11Worker', 'uvicorn'],
  ['uvicorn_worker.UvicornWorker', 'uvicorn'],
  ['uvicorn_worker.UvicornH11Worker', 'uvicorn'],
  ['aiohttp.GunicornWebWorker', 'custom'],
  ['aiohttp.GunicornUVLoopWebWorker', 'custom'],
  ['aiohttp.worker.GunicornWebWorker', 'custom'],
]);

const FAMILY_OF_BUILTIN = new Map<string, WorkerFamily>([
  ['sync', 'sync'], ['gthread', 'gthread'], ['eventlet', 'eventlet'], ['gevent', 'gevent'],
  ['gevent_wsgi', 'gevent'], ['gevent_pywsgi', 'gevent'], ['tornado', 'tornado'], ['asgi', 'asgi'],
]);

const BUILTIN_BY_NAME = new Map<string, GeneratedWorker>(WORKERS.map((w) => [w.name, w]));
const BUILTIN_BY_PATH = new Map<string, GeneratedWorker>(WORKERS.filter((w) => w.path).map((w) => [w.path!, w]));

export interface WorkerInfo {
  /** The value as written, without gunicorn's optional `egg:gunicorn#` / `#` prefix. */
  readonly name: string;
  readonly family: WorkerFamily;
  /** The built-in worker it names (short name or gunicorn's own class path). */
  readonly builtin?: GeneratedWorker;
  /** A known third-party class. */
  readonly known: boolean;
  /** Looks like `package.module.Class`. */
  readonly dotted: boolean;
}

const DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/;

export function classifyWorker(value: string): WorkerInfo {
  const name = value.trim().replace(/^egg:gunicorn#/, '').replace(/^#/, '');
  const builtin = BUILTIN_BY_NAME.get(name) ?? BUILTIN_BY_PATH.get(name);
  if (builtin) return { name, family: FAMILY_OF_BUILTIN.get(builtin.name) ?? 'custom', builtin, known: true, dotted: name.includes('.') };
  const third = THIRD_PARTY.get(name);
  if (third) return { name, family: third, known: true, dotted: true };
  const dotted = DOTTED.test(name);
  let family: WorkerFamily = 'custom';
  if (/gevent.?web.?socket/i.test(name)) family = 'gevent-websocket';
  else if (/uvicorn/i.test(name)) family = 'uvicorn';
  else if (/gevent/i.test(name)) family = 'gevent';
  else if (/eventlet/i.test(name)) family = 'eventlet';
  return { name, family, known: false, dotted };
}

/** Built-in short names in `version` (all of them when unknown), removed ones excluded. */
export function builtinWorkers(version: string | undefined): GeneratedWorker[] {
  return WORKERS.filter((w) => availability(w, version) === 'available');
}

export type WorkerProblem =
  | { readonly kind: 'unknown-short-name'; readonly suggestions: readonly string[] }
  | { readonly kind: 'not-yet'; readonly since: string }
  | { readonly kind: 'unknown-gunicorn-class'; readonly suggestions: readonly string[] }
  | { readonly kind: 'misspelt-class'; readonly suggestions: readonly string[] }
  | { readonly kind: 'not-a-class-path' };

/**
 * Why gunicorn would fail to load this worker class, or undefined when it may load. Removal
 * (eventlet on 26) is not reported here; the eventlet rule owns it.
 */
export function workerProblem(value: string, version: string | undefined): WorkerProblem | undefined {
  const info = classifyWorker(value);
  if (info.builtin) {
    if (info.builtin.since && availability(info.builtin, version) === 'not-yet') return { kind: 'not-yet', since: info.builtin.since };
    return undefined;
  }
  if (info.known) return undefined;
  const shortNames = builtinWorkers(version).map((w) => w.name);
  const classNames = [...THIRD_PARTY.keys(), ...BUILTIN_BY_PATH.keys()];
  if (!info.name.includes('.')) {
    const near = didYouMean(info.name, shortNames, 2);
    // What people usually mean by these names.
    const asgi = shortNames.includes('asgi') ? 'asgi' : 'uvicorn.workers.UvicornWorker';
    const related = info.family === 'gevent-websocket' ? ['geventwebsocket.gunicorn.workers.GeventWebSocketWorker']
      : info.family === 'uvicorn' ? ['uvicorn_worker.UvicornWorker', 'uvicorn.workers.UvicornWorker']
      : /asyncio|asgi|async/i.test(info.name) ? [asgi]
      : /thread/i.test(info.name) ? ['gthread'] : [];
    return { kind: 'unknown-short-name', suggestions: [...new Set([...related, ...near])].slice(0, 3) };
  }
  if (!info.dotted) return { kind: 'not-a-class-path' };
  if (info.name.startsWith('gunicorn.')) {
    const near = info.family === 'gevent-websocket' ? ['geventwebsocket.gunicorn.workers.GeventWebSocketWorker'] : didYouMean(info.name, classNames, 6).slice(0, 2);
    return { kind: 'unknown-gunicorn-class', suggestions: near };
  }
  const misspelt = didYouMean(info.name, classNames, 2);
  return misspelt.length > 0 ? { kind: 'misspelt-class', suggestions: misspelt.slice(0, 2) } : undefined;
}

/** Hover/completion text for a worker class value. */
export function workerNote(value: string): string | undefined {
  const info = classifyWorker(value);
  return WORKER_NOTES[info.builtin?.name ?? info.name] ?? (info.family === 'uvicorn' ? WORKER_NOTES['uvicorn_worker.UvicornWorker'] : undefined);
}

export const KNOWN_WORKER_CLASSES: readonly string[] = [...THIRD_PARTY.keys()].filter((k) => !k.startsWith('aiohttp'));
