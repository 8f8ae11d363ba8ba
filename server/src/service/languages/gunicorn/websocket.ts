/**
 * Does this gunicorn instance serve WebSockets / Socket.IO? The one place that decides, so
 * that the evidence can grow: the cross-file model adds "an nginx WebSocket location
 * proxies to this bind" (`WebSocketContext.proxiedBy`).
 *
 * - `wsconf.websocketApp: "no"`: never; `"yes"`: always, with high confidence.
 * - `"auto"`: evidence in the code of the file (comments never count): an async worker class
 *   (eventlet, gevent, gevent-websocket, uvicorn, asgi, tornado), a `wsgi_app`/`proc_name`
 *   naming socketio, engineio, asgi, channels or websocket, or an import of a Socket.IO /
 *   WebSocket package. With evidence the confidence is high. Without any, the file may
 *   still belong to a WebSocket app (that is why wsconf is installed): the verdict is `low`,
 *   and rules report a warning where they would report an error.
 *
 * `socketio` tells whether the app is known to speak Engine.IO (sessions that must stay on
 * one process): `yes` on Socket.IO names, `no` when the evidence points at a plain ASGI app
 * (uvicorn/asgi worker, `*.asgi:application`) and nothing names Socket.IO, `maybe` otherwise.
 */
import type { Settings } from '../../settings';
import { ASYNC_FAMILIES, effectiveWorker } from './effective';
import { literalOf, settingOf, type PyConfig } from './model';

export interface WebSocketVerdict {
  readonly confidence: 'high' | 'low';
  readonly socketio: 'yes' | 'maybe' | 'no';
  /** Short reasons, for messages and hover ("worker class eventlet", "wsgi_app app.asgi:application"). */
  readonly evidence: readonly string[];
}

export interface WebSocketContext {
  /** Number of nginx WebSocket locations known to proxy to this instance (cross-file). */
  readonly proxiedBy?: number;
  /** How many of them are Socket.IO locations (`/socket.io/`). */
  readonly socketioProxiedBy?: number;
}

/**
 * What the workspace model (workspace/links.ts) learnt about a parsed file: nginx WebSocket
 * locations proxy to it. Set before the file's rules run; read by websocketVerdict when no
 * context is passed, so the rules themselves need not know about other files.
 */
const crossFileEvidence = new WeakMap<PyConfig, WebSocketContext>();

export function setCrossFileEvidence(config: PyConfig, context: WebSocketContext): void {
  crossFileEvidence.set(config, context);
}

const SOCKETIO_NAME = /socket[._-]?io|engineio/i;
const WEBSOCKET_NAME = /socket[._-]?io|engineio|websocket|(^|[._:])asgi([._:]|$)|channels/i;
const SOCKETIO_MODULE = /^(flask_socketio|socketio|engineio)(\.|$)/;
const WEBSOCKET_MODULE = /^(flask_socketio|socketio|engineio|geventwebsocket|simple_websocket|flask_sock|websockets|channels|daphne)(\.|$)/;

/** An app path such as `myproject.asgi:application` or `main:asgi_app`. */
export function looksAsgi(app: string): boolean {
  const [module = '', object = ''] = app.split(':');
  return module.split('.').pop() === 'asgi' || /^asgi(_app|_application)?$/.test(object.trim());
}

export function websocketVerdict(
  config: PyConfig,
  settings: Pick<Settings, 'websocketApp'>,
  context: WebSocketContext = crossFileEvidence.get(config) ?? {},
): WebSocketVerdict | undefined {
  if (settings.websocketApp === 'no') return undefined;
  const evidence: string[] = [];
  let socketio = false;
  let asgi = false;
  const worker = effectiveWorker(config);
  if (worker.value !== undefined && ASYNC_FAMILIES.has(worker.family)) {
    evidence.push(`worker class ${worker.value}`);
    asgi ||= worker.family === 'asgi' || worker.family === 'uvicorn';
  }
  for (const name of ['wsgi_app', 'proc_name']) {
    const value = literalOf(settingOf(config, name)?.value);
    if (typeof value !== 'string' || !WEBSOCKET_NAME.test(value)) continue;
    evidence.push(`${name} ${value}`);
    socketio ||= SOCKETIO_NAME.test(value);
    asgi ||= name === 'wsgi_app' && looksAsgi(value);
  }
  for (const imported of config.imports) {
    if (!WEBSOCKET_MODULE.test(imported.module)) continue;
    evidence.push(`import ${imported.module}`);
    socketio ||= SOCKETIO_MODULE.test(imported.module);
  }
  if (context.proxiedBy) evidence.push(`${context.proxiedBy} nginx WebSocket location(s) proxy here`);
  socketio ||= (context.socketioProxiedBy ?? 0) > 0;
  const confidence = settings.websocketApp === 'yes' || evidence.length > 0 ? 'high' : 'low';
  return { confidence, socketio: socketio ? 'yes' : asgi ? 'no' : 'maybe', evidence };
}
