/**
 * Hand-written notes for the uWSGI options that decide whether a Python WebSocket / Socket.IO
 * app works, in our own words from docs/rules.md §4 and §5.3 (defaults from uWSGI 2.0's
 * sources, behaviour checked on Debian 12's uwsgi 2.0.21). The option table itself (names,
 * aliases, plugin, value kind) is generated from `uwsgi --help`; the plugin of each option is
 * taken from there, so it is not repeated here.
 */
import type { UwsgiOptionNote, UwsgiPlugin } from './types';

function table<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  // A null prototype: lookups by user-typed keys such as `constructor` must find nothing.
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

const BOOL = ['true', 'false'];

export const NOTES: Readonly<Record<string, UwsgiOptionNote>> = table<UwsgiOptionNote>({
  // --- sockets ---------------------------------------------------------------------------------
  socket: {
    summary: 'Binds a socket that speaks the binary uwsgi protocol (unless `protocol` says otherwise): a unix path or `host:port`. Repeat it for several sockets.',
    value: 'addr | /path/to.sock',
    websocket:
      'nginx must reach it with `uwsgi_pass` (which forwards WebSocket upgrades with no extra headers); `proxy_pass` to it fails with 502 and "invalid request block size". ' +
      'Bound to all interfaces (`:3031`, `0.0.0.0:3031`) it lets anyone talk the uwsgi protocol to the server.',
  },
  'uwsgi-socket': { summary: 'Binds a socket that always speaks the uwsgi protocol; otherwise like `socket`.', value: 'addr | /path/to.sock' },
  'http-socket': {
    summary: 'Binds a socket on which the workers themselves speak HTTP; point nginx `proxy_pass` at it.',
    value: 'addr | /path/to.sock',
    websocket: 'WebSocket upgrades work here without `http-websockets` (that option only concerns the separate `http` router). nginx still needs the Upgrade/Connection headers.',
  },
  'https-socket': { summary: 'Like `http-socket`, with TLS terminated by the workers.', value: 'addr,cert,key' },
  'shared-socket': { summary: 'Creates a socket before privileges are dropped, for other options to use by number (`=0`).', value: 'addr' },
  'chmod-socket': {
    summary: 'File mode of the unix sockets uWSGI creates.',
    value: 'mode',
    default: 'umask default (Debian apps-enabled: 660)',
    websocket: 'nginx (www-data on Debian) needs write access to a unix socket, or it logs "connect() … failed (13: Permission denied)" and answers 502.',
  },
  'chown-socket': { summary: 'Owner (and optionally group) of the unix sockets uWSGI creates.', value: 'user[:group]', default: 'the uWSGI user (Debian apps-enabled: www-data)' },
  protocol: { summary: 'The protocol spoken on `socket` lines (uwsgi by default; `http` turns them into HTTP sockets).', value: 'uwsgi | http | …', values: ['uwsgi', 'http', 'https', 'fastcgi', 'scgi', 'raw'] },
  'socket-protocol': { summary: 'Same as `protocol`.', value: 'uwsgi | http | …', values: ['uwsgi', 'http', 'https', 'fastcgi', 'scgi', 'raw'] },
  'buffer-size': {
    summary: 'Largest request header block uWSGI accepts, in bytes (all headers, cookies and the query string together).',
    value: 'bytes',
    default: '4096',
    websocket: 'Bigger requests are dropped with "invalid request block size: N (max 4096)...skip" and nginx answers 502; 32768 is a common choice (the uwsgi protocol allows at most 65535).',
  },
  listen: { summary: 'Backlog of the listening sockets (queued connections waiting for a worker).', value: 'N', default: '100' },
  'socket-timeout': { summary: 'Timeout of uWSGI\'s internal socket operations.', value: 'seconds', default: '4' },
  vacuum: { summary: 'Removes the unix sockets and pid files uWSGI created when it exits.', values: BOOL, default: 'off' },

  // --- http router -----------------------------------------------------------------------------
  http: {
    summary: 'Starts a separate HTTP router process on the address, which forwards requests to the workers.',
    value: 'addr',
    websocket: 'The router needs `http-websockets = true` to pass WebSocket frames on: without it the handshake answers 101 but no message reaches the app (verified).',
  },
  'http-to': { summary: 'Runs the HTTP router in front of other uWSGI instances (given by their uwsgi socket addresses).', value: 'addr' },
  https: { summary: 'Starts an HTTPS router on the address, with the given certificate and key.', value: 'addr,cert,key' },
  'http-websockets': {
    summary: 'Lets the HTTP router recognise WebSocket handshakes and switch those connections to raw pass-through.',
    values: BOOL,
    default: 'off',
    websocket: 'Needed with `http =`; useless with `socket` or `http-socket`, where workers see the upgrade directly.',
  },
  'http-raw-body': { summary: 'Makes the HTTP router forward request bodies as they come (this also lets WebSockets through).', values: BOOL, default: 'off' },
  'http-timeout': {
    summary: 'Socket timeout of the HTTP router.',
    value: 'seconds',
    default: '60',
    websocket: 'Keep it above the Engine.IO ping interval (25 s) so quiet connections are not cut.',
  },
  'http-keepalive': { summary: 'HTTP/1.1 keep-alive between clients and the router (non-pipelined).', value: '[N]', default: 'off' },

  // --- processes and concurrency ---------------------------------------------------------------
  master: {
    summary: 'Runs a master process that starts, watches and respawns the workers, enforces harakiri and handles graceful reloads.',
    values: BOOL,
    default: 'off (Debian apps-enabled: on)',
  },
  processes: {
    summary: 'Number of worker processes.',
    value: 'N',
    default: '1 (Debian apps-enabled: 2)',
    websocket:
      'Socket.IO keeps each session in one process: with more than one, polling requests land on processes that never saw the session ("400 Invalid session"). ' +
      'Use 1 per instance and scale with several instances behind nginx `ip_hash` plus a message queue.',
  },
  threads: {
    summary: 'Threads per worker; also turns on Python thread support.',
    value: 'N',
    websocket: 'Does not mix with `gevent`: it replaces the async cores (verified: `gevent = 100` + `threads = 4` left 4 cores). Threaded uWSGI gives Socket.IO long-polling only, no WebSocket transport.',
  },
  'enable-threads': {
    summary: 'Initialises Python\'s GIL so threads started by the app run (uWSGI leaves it off by default).',
    values: BOOL,
    default: 'off',
    websocket: 'Flask-SocketIO starts background threads (message-queue listener, `start_background_task`) in threading mode; without this they never run.',
  },
  gevent: {
    summary: 'Runs each worker on the gevent loop with this many async cores (concurrent requests), and sets up uWSGI\'s suspend engine for it.',
    value: 'N',
    websocket: 'The way to serve Socket.IO / WebSockets on uWSGI (engineio\'s `gevent_uwsgi` mode): without it each worker holds one connection at a time. Debian: needs `plugins = python3,gevent_python3`.',
  },
  'gevent-monkey-patch': { summary: 'Calls gevent\'s `monkey.patch_all()` at startup, after the app is loaded.', values: BOOL, default: 'off' },
  'gevent-early-monkey-patch': {
    summary: 'Calls gevent\'s `monkey.patch_all()` before the app is loaded.',
    values: BOOL,
    default: 'off',
    websocket: 'Message-queue clients (Redis for Socket.IO) need a patched standard library under gevent; patching early covers connections opened at import time.',
  },
  async: { summary: 'Number of cores for uWSGI\'s own async mode (uGreen, greenlet, …).', value: 'N', websocket: 'Not a Socket.IO concurrency mode: python-engineio supports uWSGI only through gevent.' },
  ugreen: { summary: 'Uses uWSGI\'s green threads (uGreen) as the suspend engine for `async` cores.', values: BOOL, default: 'off', websocket: 'Not supported by Socket.IO; use `gevent` instead.' },
  greenlet: { summary: 'Uses greenlet as the suspend engine for `async` cores.', values: BOOL, default: 'off', websocket: 'Not supported by Socket.IO; use `gevent` instead.' },
  asyncio: { summary: 'Runs the asyncio loop engine with this many cores (plugin asyncio_python3).', value: 'N', websocket: 'Not an Engine.IO mode on uWSGI; use `gevent`.' },
  'lazy-apps': {
    summary: 'Loads the app in each worker after the fork instead of once in the master.',
    values: BOOL,
    default: 'off',
    websocket: 'With several workers, connections opened at import time (a Redis client for the Socket.IO message queue) would otherwise be shared by all of them.',
  },
  lazy: { summary: 'Old form of `lazy-apps` that also changes reload behaviour; prefer `lazy-apps`.', values: BOOL, default: 'off' },
  'thunder-lock': { summary: 'Serialises accept() between workers, avoiding the thundering herd.', values: BOOL, default: 'off' },
  'offload-threads': { summary: 'Threads per worker for non-blocking transfers (static files, X-Sendfile, proxying).', value: 'N', default: '0', websocket: 'Not needed for Socket.IO or WebSockets with gevent.' },

  // --- timeouts and lifecycle ------------------------------------------------------------------
  harakiri: {
    summary: 'Kills a worker whose current request has lasted longer than this many seconds (the master enforces it).',
    value: 'seconds',
    default: '0 (off)',
    websocket:
      'A WebSocket or long-polling request is long by design: the whole worker, with every connection on it, is killed (verified: an idle WebSocket closed after 4.5 s with `harakiri = 4` under gevent). Keep it off in the WebSocket instance.',
  },
  'harakiri-verbose': { summary: 'Logs more about the request when harakiri strikes.', values: BOOL, default: 'off' },
  'die-on-term': {
    summary: 'Makes SIGTERM shut uWSGI down; in 2.0.x SIGTERM otherwise means a brutal reload.',
    values: BOOL,
    default: 'off',
    websocket: 'systemd and `docker stop` send SIGTERM; without this uWSGI reloads instead of stopping and gets killed at the timeout. Debian\'s init script and uwsgi-app@ unit send SIGQUIT, so they do not need it.',
  },
  'worker-reload-mercy': { summary: 'How long a worker may take to finish during a reload before it is killed.', value: 'seconds', default: '60' },
  'reload-mercy': { summary: 'How long the master waits for workers during a reload or shutdown.', value: 'seconds' },
  'need-app': { summary: 'Exits when no app could be loaded, instead of running in "full dynamic mode" and answering every request with an error.', values: BOOL, default: 'off (2.0)' },
  strict: {
    summary: 'Makes unknown options fatal. Without it uWSGI silently keeps them as placeholders, so typos and options of plugins that are not loaded are ignored.',
    values: BOOL,
    default: 'off',
  },
  'no-orphans': { summary: 'Workers exit when the master dies.', values: BOOL, default: 'off (Debian apps-enabled: on)' },

  // --- python app ------------------------------------------------------------------------------
  module: {
    summary: 'The WSGI module to load, as `package.module` or `package.module:callable`.',
    value: 'module[:callable]',
    websocket: 'The callable is the Flask app (Flask-SocketIO wraps it), e.g. `app:app`, never the SocketIO object (`TypeError: \'SocketIO\' object is not callable`, verified).',
  },
  'wsgi-file': { summary: 'Loads the WSGI app from a Python file; the callable is named by `callable`.', value: 'path' },
  callable: {
    summary: 'Name of the WSGI callable inside the module or file.',
    value: 'name',
    default: 'application',
    websocket: 'For Flask-SocketIO this is the Flask app (often `app`). Pointing it at the SocketIO object fails on every request.',
  },
  chdir: { summary: 'Changes to this directory before the app is loaded.', value: 'path' },
  pythonpath: { summary: 'Adds a directory to Python\'s import path. Repeatable.', value: 'path' },
  home: { summary: 'The virtualenv to use (also `venv`, `virtualenv`, `pyhome`).', value: 'path' },
  'py-call-osafterfork': { summary: 'Runs Python\'s after-fork hooks in the workers.', values: BOOL, default: 'off' },

  // --- plugins ---------------------------------------------------------------------------------
  plugins: {
    summary: 'Loads plugins by name, comma-separated. Repeatable.',
    value: 'name[,name…]',
    values: ['python3', 'python3,gevent_python3', 'python3,gevent_python3,http', 'python3,http'],
    websocket:
      'Debian and Ubuntu build uWSGI without any plugin inside: list `python3` (and `gevent_python3`, `http` when used), python3 first. A pip-installed uWSGI has them built in and fails to find them.',
  },
  'need-plugins': { summary: 'Like `plugins`, but exits when a plugin cannot be loaded.', value: 'name[,name…]' },

  // --- uWSGI's own WebSocket API ---------------------------------------------------------------
  'websockets-ping-freq': { summary: 'Interval of the pings sent by uWSGI\'s own WebSocket API.', value: 'seconds', default: '30' },
  'websockets-pong-tolerance': { summary: 'How long uWSGI\'s WebSocket API waits for a pong before closing.', value: 'seconds', default: '3' },
  'websockets-max-size': { summary: 'Largest message uWSGI\'s WebSocket API accepts.', value: 'KB', default: '1024' },

  // --- includes ----------------------------------------------------------------------------------
  ini: { summary: 'Reads another ini file (its `[uwsgi]` section, or `file:section`).', value: 'path[:section]' },
  inherit: { summary: 'Uses another config file as a template for this one.', value: 'path' },
  include: { summary: 'Includes another config file here.', value: 'path' },
});

/**
 * Options of plugins whose help we could not capture (the asyncio plugin is a separate Debian
 * package); known from the uWSGI documentation.
 */
export const EXTRA_OPTIONS: readonly { readonly name: string; readonly plugin: UwsgiPlugin; readonly arg: 'flag' | 'value' }[] = [
  { name: 'asyncio', plugin: 'asyncio_python3', arg: 'value' },
];

/** Names under which Debian ships each plugin (the second is the versioned twin). */
export const PLUGIN_NAMES: Readonly<Record<Exclude<UwsgiPlugin, 'core'>, readonly string[]>> = {
  python3: ['python3', 'python311', 'python'],
  gevent_python3: ['gevent_python3', 'gevent_python311', 'gevent'],
  http: ['http'],
  ugreen: ['ugreen'],
  greenlet_python3: ['greenlet_python3', 'greenlet_python311', 'greenlet'],
  asyncio_python3: ['asyncio_python3', 'asyncio_python311', 'asyncio'],
};
