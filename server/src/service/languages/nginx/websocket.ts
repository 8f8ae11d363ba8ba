/**
 * Which locations carry WebSockets (rules.md §1.2). Each location gets a score:
 * +2 a Socket.IO path, +2 the location sets Upgrade or an upgrade Connection header itself
 * (explicit intent; +1 when it only inherits them from server/http, which every location
 * of that server does), +1 a path that looks like a WebSocket endpoint (/ws, /cable…),
 * +1 a catch-all `location /` proxying to an app while http has a `map $http_upgrade`.
 * Score ≥ 2 is high confidence, 1 is medium (errors become warnings); 0 is not a WS location,
 * so an ordinary API location stays silent.
 */
import type { ConfigNode, NginxModel } from './model';
import { effectiveProxyHeaders, locationPath, type HeaderValue } from './semantics';

export type PassKind = 'proxy' | 'uwsgi';

export interface WsLocation {
  readonly location: ConfigNode;
  /** The proxy_pass or uwsgi_pass of the location. */
  readonly pass: ConfigNode;
  readonly passKind: PassKind;
  readonly confidence: 'high' | 'medium';
  readonly socketio: boolean;
  readonly headers: ReadonlyMap<string, HeaderValue>;
}

const SOCKETIO_PATH = /socket\.io/i;
const WS_PATH = /(^|\/)(ws|wss|websockets?|cable|sockjs|graphql-ws|subscriptions|live|hub)(\/|$|\b)/i;
const UPGRADE_CONNECTION = /^(upgrade|\$connection_upgrade|\$http_connection)$/i;

/** The location's own proxy_pass/uwsgi_pass (directly or through an include). */
export function passOf(location: ConfigNode): { node: ConfigNode; kind: PassKind } | undefined {
  for (const child of location.children) {
    if (child.name === 'proxy_pass') return { node: child, kind: 'proxy' };
    if (child.name === 'uwsgi_pass') return { node: child, kind: 'uwsgi' };
  }
  return undefined;
}

export function isSocketIoPath(path: string): boolean {
  return SOCKETIO_PATH.test(path);
}

/** Asked for every `location /`; the answer is the same for the whole model. */
const upgradeMaps = new WeakMap<NginxModel, boolean>();

function hasUpgradeMap(model: NginxModel): boolean {
  let answer = upgradeMaps.get(model);
  if (answer === undefined) upgradeMaps.set(model, (answer = findUpgradeMap(model)));
  return answer;
}

function findUpgradeMap(model: NginxModel): boolean {
  for (const node of model.top) if (mapsUpgrade(node)) return true;
  for (const node of model.top) {
    if (node.name !== 'http') continue;
    for (const child of node.children) if (mapsUpgrade(child)) return true;
  }
  return false;
}

function mapsUpgrade(node: ConfigNode): boolean {
  return node.name === 'map' && node.directive.args[0]?.value === '$http_upgrade';
}

/** Several rules ask about the same location; nodes belong to one model, so this never goes stale. */
const classified = new WeakMap<ConfigNode, WsLocation | null>();

/**
 * The catch-all `location /` serves WebSockets on any path only when the server has no
 * location of its own for them (the Flask-SocketIO layout has `/socket.io` beside `/`).
 */
function hasDedicatedWsSibling(location: ConfigNode): boolean {
  const siblings = location.parent?.children ?? [];
  return siblings.some((sibling) => {
    if (sibling === location || sibling.name !== 'location') return false;
    const path = locationPath(sibling)?.path ?? '';
    if (SOCKETIO_PATH.test(path) || WS_PATH.test(path)) return true;
    return sibling.children.some((c) => c.name === 'proxy_set_header' && c.directive.args[0]?.value.toLowerCase() === 'upgrade');
  });
}

export function classifyLocation(location: ConfigNode, model: NginxModel): WsLocation | undefined {
  let result = classified.get(location);
  if (result === undefined) {
    result = classify(location, model) ?? null;
    classified.set(location, result);
  }
  return result ?? undefined;
}

function classify(location: ConfigNode, model: NginxModel): WsLocation | undefined {
  if (location.name !== 'location') return undefined;
  const pass = passOf(location);
  if (!pass) return undefined;
  const path = locationPath(location)?.path ?? '';
  const { headers, list } = effectiveProxyHeaders(location, model);
  const socketio = isSocketIoPath(path);
  let score = 0;
  if (socketio) score += 2;
  const upgrade = headers.get('upgrade');
  const connection = headers.get('connection');
  if ((upgrade && upgrade.value !== '') || (connection && UPGRADE_CONNECTION.test(connection.value))) {
    score += list?.level.owner === location ? 2 : 1;
  }
  if (WS_PATH.test(path)) score += 1;
  if (path === '/' && hasUpgradeMap(model) && !hasDedicatedWsSibling(location)) score += 1;
  if (score === 0) return undefined;
  return {
    location,
    pass: pass.node,
    passKind: pass.kind,
    confidence: score >= 2 ? 'high' : 'medium',
    socketio,
    headers,
  };
}
