/**
 * One type for every address a deployment config names: what nginx proxies to and what
 * gunicorn binds or uWSGI listens on. Comparing them is how wsconf finds the 502 between
 * two files that each look right on their own.
 */

export type Endpoint =
  /** `wildcard`: bound on all interfaces (0.0.0.0, [::], `:port`), which loopback targets reach. */
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly wildcard: boolean }
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'fd'; readonly fd: number };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', 'ip6-localhost']);
const WILDCARD = new Set(['0.0.0.0', '::', '*', '']);

/** A host name or address as resolvers accept it (at most 253 characters); anything else is no endpoint. */
const HOST = /^[\w.:%*-]{0,253}$/;

function tcp(host: string, port: number): Endpoint {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return { kind: 'tcp', host: WILDCARD.has(bare) ? '0.0.0.0' : bare, port, wildcard: WILDCARD.has(bare) };
}

/** `host:port`, `[v6]:port`, `host` (default port) or `:port`; undefined when the port is not a number. */
function hostPort(text: string, defaultPort: number | undefined): Endpoint | undefined {
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(text);
  if (v6) {
    const port = v6[2] !== undefined ? Number(v6[2]) : defaultPort;
    return port === undefined || !HOST.test(v6[1]!) ? undefined : tcp(v6[1]!, port);
  }
  const colon = text.lastIndexOf(':');
  if (colon === -1) return defaultPort === undefined || text === '' || !HOST.test(text) ? undefined : tcp(text, defaultPort);
  const port = text.slice(colon + 1);
  if (!/^\d+$/.test(port) || !HOST.test(text.slice(0, colon))) return undefined;
  return tcp(text.slice(0, colon), Number(port));
}

/**
 * An nginx target: an upstream `server` argument or the address of proxy_pass/uwsgi_pass
 * (`127.0.0.1:8000`, `unix:/run/app.sock`, `localhost`, with the scheme already removed).
 * Undefined for names that need DNS (an upstream name, a service name) and for variables.
 */
export function parseNginxAddress(address: string, defaultPort: number | undefined): Endpoint | undefined {
  if (address.includes('$')) return undefined;
  if (address.startsWith('unix:')) {
    const colon = address.indexOf(':', 5);
    return { kind: 'unix', path: colon === -1 ? address.slice(5) : address.slice(5, colon) };
  }
  const endpoint = hostPort(address, defaultPort);
  if (!endpoint || endpoint.kind !== 'tcp') return endpoint;
  return /^[\d.]+$|:|^localhost$/.test(endpoint.host) ? endpoint : undefined;
}

/** A gunicorn `bind` entry, like gunicorn's util.parse_address (default port 8000). */
export function parseGunicornBind(bind: string): Endpoint | undefined {
  const value = bind.trim();
  if (value.startsWith('unix://')) return { kind: 'unix', path: value.slice(7) };
  if (value.startsWith('unix:')) return { kind: 'unix', path: value.slice(5) };
  if (value.startsWith('fd://')) {
    const fd = Number(value.slice(5));
    return Number.isInteger(fd) ? { kind: 'fd', fd } : undefined;
  }
  const netloc = value.startsWith('tcp://') ? value.slice(6) : value;
  if (netloc === '') return undefined;
  return hostPort(netloc, 8000);
}

/**
 * A uWSGI socket option value (`socket`, `http-socket`, `http`, …): `:3031` is every
 * interface, a value with `/` and no port is a unix socket, `@name` an abstract one.
 */
export function parseUwsgiSocket(value: string): Endpoint | undefined {
  const text = value.trim().split(',')[0]!.trim();
  if (text === '' || /[%$]\(|%[a-z]/i.test(text)) return undefined;
  if (text.startsWith('@')) return { kind: 'unix', path: text };
  if (text.startsWith('unix:')) return { kind: 'unix', path: text.slice(5) };
  if (text.includes('/') && !/:\d+$/.test(text)) return { kind: 'unix', path: text };
  return hostPort(text, undefined);
}

function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

/** Whether a connection to `target` reaches a server listening on `listener`. */
export function reaches(target: Endpoint, listener: Endpoint): boolean {
  if (target.kind === 'unix' && listener.kind === 'unix') return target.path === listener.path;
  if (target.kind !== 'tcp' || listener.kind !== 'tcp' || target.port !== listener.port) return false;
  // All interfaces: every address of this machine reaches it (the configs are one deployment).
  if (listener.wildcard) return true;
  if (target.host === listener.host) return true;
  // localhost resolves to 127.0.0.1 (and maybe ::1 first; that stays a separate finding).
  return isLoopback(target.host) && isLoopback(listener.host) && (target.host === 'localhost' || listener.host === 'localhost');
}

export function formatEndpoint(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return `unix:${endpoint.path}`;
    case 'fd':
      return `fd://${endpoint.fd}`;
    case 'tcp':
      return `${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
  }
}

/** The listener most like `target` (same kind; same port or closest path), for "did you mean". */
export function nearestListener<T extends { readonly endpoint: Endpoint }>(target: Endpoint, listeners: readonly T[]): T | undefined {
  let best: T | undefined;
  let bestScore = Infinity;
  for (const listener of listeners) {
    const score = distance(target, listener.endpoint);
    if (score < bestScore) {
      best = listener;
      bestScore = score;
    }
  }
  return best;
}

function distance(a: Endpoint, b: Endpoint): number {
  if (a.kind === 'tcp' && b.kind === 'tcp') {
    const hostPenalty = b.wildcard || a.host === b.host || (isLoopback(a.host) && isLoopback(b.host)) ? 0 : 100000;
    return hostPenalty + Math.abs(a.port - b.port);
  }
  if (a.kind === 'unix' && b.kind === 'unix') return 1000 + Math.abs(a.path.length - b.path.length);
  return 1_000_000;
}
