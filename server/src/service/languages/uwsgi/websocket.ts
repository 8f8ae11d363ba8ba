/**
 * Does this uWSGI instance serve WebSockets / Socket.IO? One decision for every uwsgi rule, so
 * that it can grow: the cross-file model adds "an nginx WebSocket location proxies here"
 * (setCrossFileEvidence, from workspace/links.ts).
 *
 * - `websocketApp: 'yes' | 'no'` in the settings decides outright.
 * - `auto`: evidence in the file makes it `yes` (rules report at their own severity, with safe
 *   fixes); without evidence it stays `maybe` (rules that only matter for WebSocket apps report
 *   at a lower severity and offer their fixes as suggestions). Evidence: `http-websockets` or
 *   `http-raw-body`, the gevent loop, uWSGI's `websockets-*` options, or a module, file or
 *   callable name that mentions socketio, websocket or asgi.
 */
import type { Settings } from '../../settings';
import type { Severity } from '../../types';
import type { IniEntry, IniFile } from './ast';
import { isTruthy, optionEntries, uwsgiEntries } from './ast';

export type Likelihood = 'yes' | 'maybe' | 'no';

export interface UwsgiAppKind {
  /** The instance serves WebSockets (or Socket.IO, whose best transport is one). */
  readonly websocket: Likelihood;
  /** The app is Socket.IO / Engine.IO (sessions in process memory, long-polling). */
  readonly socketio: Likelihood;
  /** Entries that made us say yes, for related information and messages. */
  readonly evidence: readonly IniEntry[];
}

const APP_OPTIONS = new Set(['module', 'wsgi', 'wsgi-file', 'file', 'callable', 'mount', 'pymodule-alias', 'env']);
const SOCKETIO_NAME = /socket[_-]?io|engine[_-]?io|\bsio\b/i;
const WEBSOCKET_NAME = /websocket|\bws\b|asgi|channels/i;

const cache = new WeakMap<IniFile, WeakMap<Settings, UwsgiAppKind>>();

/** What the workspace model learnt about a parsed file: nginx (Socket.IO) WebSocket locations proxy to it. */
export interface UwsgiCrossFileEvidence {
  readonly proxiedBy: number;
  readonly socketioProxiedBy: number;
}

const crossFileEvidence = new WeakMap<IniFile, UwsgiCrossFileEvidence>();

/** Set before the file's rules run (the first classification is memoised). */
export function setCrossFileEvidence(file: IniFile, evidence: UwsgiCrossFileEvidence): void {
  crossFileEvidence.set(file, evidence);
  cache.delete(file);
}

function classify(file: IniFile, settings: Settings): UwsgiAppKind {
  if (settings.websocketApp === 'yes') return { websocket: 'yes', socketio: 'yes', evidence: [] };
  if (settings.websocketApp === 'no') return { websocket: 'no', socketio: 'no', evidence: [] };
  const evidence: IniEntry[] = [];
  let socketio = false;
  for (const entry of uwsgiEntries(file)) {
    const option = entry.option;
    if ((option === 'http-websockets' || option === 'http-raw-body') && isTruthy(entry.value)) evidence.push(entry);
    else if (option === 'gevent' || option.startsWith('websockets-')) evidence.push(entry);
    else if (APP_OPTIONS.has(option) && SOCKETIO_NAME.test(entry.value)) {
      evidence.push(entry);
      socketio = true;
    } else if (APP_OPTIONS.has(option) && WEBSOCKET_NAME.test(entry.value)) evidence.push(entry);
  }
  const linked = crossFileEvidence.get(file);
  const websocket: Likelihood = evidence.length > 0 || (linked?.proxiedBy ?? 0) > 0 ? 'yes' : 'maybe';
  socketio ||= (linked?.socketioProxiedBy ?? 0) > 0;
  return { websocket, socketio: socketio ? 'yes' : 'maybe', evidence };
}

/** How likely the instance defined by `file` serves WebSockets and Socket.IO (memoised per file and settings). */
export function classifyUwsgiApp(file: IniFile, settings: Settings): UwsgiAppKind {
  let bySettings = cache.get(file);
  if (!bySettings) cache.set(file, (bySettings = new WeakMap()));
  let kind = bySettings.get(settings);
  if (!kind) bySettings.set(settings, (kind = classify(file, settings)));
  return kind;
}

/** Options that start uWSGI's HTTP router (a separate process in front of the workers). */
const HTTP_ROUTER_OPTIONS = ['http', 'httprouter', 'https', 'https2', 'http-to'];

/** The first option of `file` that starts the HTTP router, if any. */
export function httpRouterEntry(file: IniFile): IniEntry | undefined {
  return optionEntries(file, ...HTTP_ROUTER_OPTIONS)[0];
}

/** The rule's severity when confident, `info` for a `maybe`. */
export function severityFor(likelihood: Likelihood, confident: Severity): Severity {
  return likelihood === 'yes' ? confident : 'info';
}

/** The sentence a `maybe` message ends with; empty when confident. */
export function unlessKnown(likelihood: Likelihood, what = 'WebSockets or Socket.IO'): string {
  return likelihood === 'yes'
    ? ''
    : ` This matters if the instance serves ${what}, which nothing in this file shows; the websocketApp setting ("yes"/"no") decides it.`;
}
