/**
 * Links nginx to the app servers (rules.md §1.4): every place nginx connects to (an upstream
 * `server` line used by some location, a direct proxy_pass/uwsgi_pass address), with the
 * protocol nginx speaks there (proxy_pass: HTTP, uwsgi_pass: the uwsgi protocol), matched
 * against every address a gunicorn or uWSGI config listens on, with the protocol that
 * listener speaks (gunicorn: HTTP unless `protocol = "uwsgi"`; uWSGI `socket`: uwsgi,
 * `http-socket` and the `http` router: HTTP). Each link keeps the nginx directive and the app
 * option that made it, for messages, hover, go-to-definition and fixes.
 */
import { bindAddresses } from '../languages/gunicorn/effective';
import { literalOf, settingOf } from '../languages/gunicorn/model';
import type { ConfigNode, NginxModel } from '../languages/nginx/model';
import { forEachNode } from '../languages/nginx/model';
import { parseProxyUrl } from '../languages/nginx/values';
import { resolvedValue, uwsgiEntries } from '../languages/uwsgi/ast';
import { debianApp } from '../languages/uwsgi/deployment';
import { basename } from '../text/paths';
import { pushAll } from '../arrays';
import type { Span } from '../types';
import { parseGunicornBind, parseNginxAddress, parseUwsgiSocket, reaches, type Endpoint } from './endpoints';
import type { AppConfig } from './workspace';

export type Protocol = 'http' | 'uwsgi';

export interface Listener {
  readonly app: AppConfig;
  readonly endpoint: Endpoint;
  readonly protocol: Protocol;
  /** The option that opens it: `bind`, `socket`, `http-socket`, `http`, … */
  readonly option: string;
  /** The value in the app file (an empty span at 0 for an implicit address). */
  readonly span: Span;
  /** Not written in the file: gunicorn's default bind, Debian's apps-enabled socket. */
  readonly implicit: boolean;
}

export interface NginxTarget {
  readonly model: NginxModel;
  /** The upstream `server` line or the proxy_pass/uwsgi_pass. */
  readonly node: ConfigNode;
  readonly via: 'server' | 'proxy_pass' | 'uwsgi_pass';
  /** The address as written and where (inside the argument, without scheme or URI). */
  readonly address: string;
  readonly span: Span;
  /** Undefined for names resolved by DNS (`app:8000` in docker-compose), which wsconf cannot follow. */
  readonly endpoint: Endpoint | undefined;
  readonly protocol: Protocol;
  readonly upstream?: ConfigNode;
  /** The proxy_pass/uwsgi_pass directives that send traffic here. */
  readonly passes: readonly ConfigNode[];
}

export interface Link {
  readonly target: NginxTarget;
  readonly listener: Listener;
  readonly protocolMatches: boolean;
}

const UWSGI_OPTIONS: ReadonlyMap<string, Protocol> = new Map([
  ['socket', 'uwsgi'],
  ['uwsgi-socket', 'uwsgi'],
  ['s', 'uwsgi'],
  ['http-socket', 'http'],
  ['https-socket', 'http'],
  ['http', 'http'],
]);

export function appListeners(app: AppConfig): { listeners: Listener[]; opaque: boolean } {
  const listeners: Listener[] = [];
  if (app.kind === 'gunicorn') {
    const protocol: Protocol = literalOf(settingOf(app.config, 'protocol')?.value) === 'uwsgi' ? 'uwsgi' : 'http';
    const binds = bindAddresses(app.config);
    if (!binds.assignment) {
      listeners.push({ app, endpoint: { kind: 'tcp', host: '127.0.0.1', port: 8000, wildcard: false }, protocol, option: 'bind', span: { start: 0, end: 0 }, implicit: true });
      return { listeners, opaque: false };
    }
    for (const address of binds.addresses) {
      const endpoint = parseGunicornBind(address.text);
      if (endpoint) listeners.push({ app, endpoint, protocol, option: 'bind', span: { start: address.start, end: address.end }, implicit: false });
    }
    return { listeners, opaque: !binds.complete || listeners.length === 0 };
  }
  const entries = uwsgiEntries(app.file);
  // `socket-protocol = http` (or `protocol`) makes the plain `socket` options speak HTTP.
  const socketProtocol = [...entries].reverse().find((e) => e.option === 'socket-protocol' || e.option === 'protocol')?.value.trim().toLowerCase();
  let opaque = false;
  for (const entry of entries) {
    let protocol = UWSGI_OPTIONS.get(entry.option);
    if (!protocol) continue;
    if (protocol === 'uwsgi' && (socketProtocol === 'http' || socketProtocol === 'https')) protocol = 'http';
    const value = resolvedValue(app.file, entry);
    const endpoint = value === undefined ? undefined : parseUwsgiSocket(value);
    if (!endpoint) {
      opaque = true;
      continue;
    }
    listeners.push({ app, endpoint, protocol, option: entry.option, span: entry.valueSpan, implicit: false });
  }
  // Debian's init script adds a uwsgi-protocol socket for each app in apps-enabled (default.ini).
  if (debianApp(app.path)) {
    const name = basename(app.path).replace(/\.ini$/, '');
    listeners.push({ app, endpoint: { kind: 'unix', path: `/run/uwsgi/app/${name}/socket` }, protocol: 'uwsgi', option: 'socket', span: { start: 0, end: 0 }, implicit: true });
  }
  if (entries.some((e) => /^(ini|inherit|include|for-glob|json|yaml|xml)$/.test(e.option))) opaque = true;
  return { listeners, opaque: opaque || listeners.length === 0 };
}

function enclosingLocation(node: ConfigNode): ConfigNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.name === 'location') return n;
  return undefined;
}

/** The span of `address` inside the argument's source text (quotes, scheme and URI left out). */
function spanOf(node: ConfigNode, argIndex: number, address: string): Span {
  const arg = node.directive.args[argIndex]!;
  const raw = node.file.text.slice(arg.start, arg.end);
  const at = raw.indexOf(address);
  return at === -1 ? { start: arg.start, end: arg.end } : { start: arg.start + at, end: arg.start + at + address.length };
}

export function nginxTargets(model: NginxModel): NginxTarget[] {
  const direct: NginxTarget[] = [];
  /** upstream -> protocol -> the passes using it with that protocol. */
  const upstreamUse = new Map<ConfigNode, Map<Protocol, ConfigNode[]>>();
  forEachNode(model.top, (node) => {
    if ((node.name !== 'proxy_pass' && node.name !== 'uwsgi_pass') || node.file.virtual) return;
    const value = node.directive.args[0]?.value;
    if (value === undefined || value.includes('$')) return;
    const url = parseProxyUrl(value);
    const protocol: Protocol = node.name === 'proxy_pass' ? 'http' : 'uwsgi';
    if (node.name === 'proxy_pass' && url.scheme !== 'http' && url.scheme !== 'https') return;
    if (node.name === 'uwsgi_pass' && url.scheme !== undefined && !/^s?uwsgi$/.test(url.scheme)) return;
    if (url.host !== undefined && url.port === undefined) {
      const upstream = model.upstreams.get(url.host.toLowerCase());
      if (upstream) {
        const byProtocol = upstreamUse.get(upstream) ?? new Map<Protocol, ConfigNode[]>();
        const list = byProtocol.get(protocol);
        if (list) list.push(node);
        else byProtocol.set(protocol, [node]);
        upstreamUse.set(upstream, byProtocol);
        return;
      }
    }
    const address = url.unixPath !== undefined ? `unix:${url.unixPath}` : url.port !== undefined ? `${url.host}:${url.port}` : url.host;
    if (!address) return;
    const defaultPort = node.name === 'uwsgi_pass' ? undefined : url.scheme === 'https' ? 443 : 80;
    const endpoint = parseNginxAddress(url.host?.includes(':') && url.port !== undefined ? `[${url.host}]:${url.port}` : address, defaultPort);
    direct.push({ model, node, via: node.name, address, span: spanOf(node, 0, address), endpoint, protocol, passes: [node] });
  });
  const viaUpstream: NginxTarget[] = [];
  for (const [upstream, byProtocol] of upstreamUse) {
    for (const server of upstream.children) {
      if (server.name !== 'server' || server.file.virtual) continue;
      const address = server.directive.args[0]?.value;
      if (!address || server.directive.args.some((a) => a.value === 'down')) continue;
      const endpoint = parseNginxAddress(address, 80);
      for (const [protocol, passes] of byProtocol) {
        viaUpstream.push({ model, node: server, via: 'server', address, span: spanOf(server, 0, address), endpoint, protocol, upstream, passes });
      }
    }
  }
  return [...viaUpstream, ...direct];
}

/** The locations that send traffic to a target. */
export function targetLocations(target: NginxTarget): ConfigNode[] {
  const out: ConfigNode[] = [];
  for (const pass of target.passes) {
    const location = enclosingLocation(pass);
    if (location && !out.includes(location)) out.push(location);
  }
  return out;
}

function commonSegments(a: string, b: string): number {
  const x = a.split('/').filter(Boolean);
  const y = b.split('/').filter(Boolean);
  let n = 0;
  while (n < x.length - 1 && n < y.length - 1 && x[n] === y[n]) n++;
  return n;
}

/**
 * Which app configs belong to which nginx root: each app goes to the root(s) nearest to it in
 * the folder tree (longest common folder prefix). One nginx root takes every app; a folder
 * of several deployments (examples/a/{nginx.conf,gunicorn.conf.py}, examples/b/…) keeps
 * them apart, so a bind in one is never linked to, or missing from, another.
 */
export function assignApps(models: readonly NginxModel[], apps: readonly AppConfig[]): Map<NginxModel, AppConfig[]> {
  const out = new Map<NginxModel, AppConfig[]>(models.map((m) => [m, []]));
  for (const app of apps) {
    const scores = models.map((m) => commonSegments(m.main.path, app.path));
    let best = -Infinity;
    for (const score of scores) if (score > best) best = score;
    models.forEach((m, i) => {
      if (scores[i] === best) out.get(m)!.push(app);
    });
  }
  return out;
}

export function linkWorkspace(models: readonly NginxModel[], apps: readonly AppConfig[]) {
  const deployments = assignApps(models, apps);
  const listeners: Listener[] = [];
  const opaqueApps: AppConfig[] = [];
  for (const app of apps) {
    const found = appListeners(app);
    pushAll(listeners, found.listeners);
    if (found.opaque) opaqueApps.push(app);
  }
  const targets: NginxTarget[] = [];
  const seen = new Set<string>();
  // Without an app config there is nothing to link a target to: skip walking every proxy_pass.
  for (const model of apps.length === 0 ? [] : models) {
    for (const target of nginxTargets(model)) {
      // A file reached from two roots gives the same target twice.
      const key = `${target.node.file.path}\u0000${target.span.start}\u0000${target.protocol}`;
      if (seen.has(key)) continue;
      seen.add(key);
      targets.push(target);
    }
  }
  const links: Link[] = [];
  const owners = new Map([...deployments].map(([model, own]) => [model, new Set(own)]));
  for (const target of targets) {
    if (!target.endpoint) continue;
    const own = owners.get(target.model) ?? new Set<AppConfig>();
    for (const listener of listeners) {
      if (!own.has(listener.app)) continue;
      if (reaches(target.endpoint, listener.endpoint)) links.push({ target, listener, protocolMatches: target.protocol === listener.protocol });
    }
  }
  return { listeners, targets, links, opaqueApps, deployments };
}

export function protocolLabel(protocol: Protocol): string {
  return protocol === 'http' ? 'HTTP' : 'uwsgi protocol';
}
