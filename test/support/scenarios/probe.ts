/**
 * The client side of a scenario: what really happens when clients talk to the stack.
 *
 * Two views, because socket.io-client hides failures on purpose (it silently stays on
 * long-polling when the WebSocket upgrade fails):
 *  - raw Engine.IO v4 over HTTP and a raw WebSocket (the `ws` package): the polling handshake
 *    (status and body), then the upgrade of that session (`101`?) and the `2probe`/`3probe`
 *    exchange over it;
 *  - socket.io-client, as an app would use it: connect, which transport it ends up on, an echo
 *    with acknowledgement, survival of an idle period longer than a short proxy_read_timeout,
 *    and several polling-only clients at once (sessions that land on the wrong process fail).
 * Every client sends an `Origin` header like a browser on the page the server serves.
 */
import * as http from 'node:http';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';

export interface Outcome {
  /** Polling handshake answered with an Engine.IO open packet. */
  readonly handshake: boolean;
  /** The session was upgraded to a WebSocket and the probe answered. */
  readonly upgrade: boolean;
  /** socket.io-client connected, moved to the WebSocket transport and got an echo back. */
  readonly echo: boolean;
  /** That connection survived an idle period and echoed again. */
  readonly idle: boolean;
  /** Several polling-only clients at once all connected and got all their echoes. */
  readonly clients: boolean;
  /** What was observed, in short: status codes, transports, reasons. */
  readonly details: readonly string[];
}

export const CHECKS = ['handshake', 'upgrade', 'echo', 'idle', 'clients'] as const;
export type Check = (typeof CHECKS)[number];

export interface ProbeOptions {
  readonly port: number;
  /** Seconds of silence the idle check waits (longer than the ping interval). */
  readonly idleSeconds: number;
  readonly clients?: number;
}

const HANDSHAKE_TIMEOUT = 4000;
const UPGRADE_TIMEOUT = 3000;
const CONNECT_TIMEOUT = 5000;
const ACK_TIMEOUT = 3000;

function origin(port: number): string {
  return `http://127.0.0.1:${port}`;
}

interface HttpResult {
  readonly status?: number;
  readonly body?: string;
  readonly error?: string;
}

function get(url: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpResult> {
  return new Promise((resolve) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (e) => resolve({ error: e.message }));
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      resolve({ error: `no answer within ${timeoutMs / 1000}s` });
    });
    req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
  });
}

function short(text: string | undefined): string {
  return JSON.stringify((text ?? '').trim().slice(0, 60));
}

async function rawEngineIo(port: number, details: string[]): Promise<{ handshake: boolean; upgrade: boolean }> {
  const base = `http://127.0.0.1:${port}/socket.io/?EIO=4`;
  const hs = await get(`${base}&transport=polling`, { Origin: origin(port) }, HANDSHAKE_TIMEOUT);
  let sid: string | undefined;
  if (hs.status === 200 && hs.body?.startsWith('0')) {
    try {
      const open = JSON.parse(hs.body.slice(1)) as { sid?: string; upgrades?: string[] };
      sid = open.sid;
      details.push(`handshake 200, upgrades ${JSON.stringify(open.upgrades ?? [])}`);
    } catch {
      details.push(`handshake 200 but not an open packet: ${short(hs.body)}`);
    }
  } else {
    details.push(hs.error ? `handshake: ${hs.error}` : `handshake ${hs.status} ${short(hs.body)}`);
  }
  if (!sid) return { handshake: false, upgrade: false };

  const upgrade = await new Promise<{ ok: boolean; detail: string }>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket&sid=${encodeURIComponent(sid as string)}`, {
      origin: origin(port),
      handshakeTimeout: UPGRADE_TIMEOUT,
    });
    let settled = false;
    const finish = (ok: boolean, detail: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve({ ok, detail });
    };
    const timer = setTimeout(() => finish(false, `websocket: no answer within ${UPGRADE_TIMEOUT / 1000}s`), UPGRADE_TIMEOUT + 500);
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => finish(false, `websocket answered ${res.statusCode} ${short(body)}`));
      res.on('error', () => finish(false, `websocket answered ${res.statusCode}`));
    });
    ws.on('open', () => {
      ws.send('2probe');
      const probeTimer = setTimeout(() => finish(false, `websocket 101 but no 3probe within ${UPGRADE_TIMEOUT / 1000}s`), UPGRADE_TIMEOUT);
      ws.on('close', () => {
        clearTimeout(probeTimer);
        finish(false, 'websocket 101, closed before 3probe');
      });
      ws.on('message', (data) => {
        if (data.toString() === '3probe') {
          clearTimeout(probeTimer);
          finish(true, 'websocket 101 + 3probe');
        }
      });
    });
    ws.on('error', (e) => finish(false, `websocket error: ${e.message}`));
  });
  details.push(upgrade.detail);
  return { handshake: true, upgrade: upgrade.ok };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function connect(port: number, transports: ('polling' | 'websocket')[]): Promise<{ socket: Socket; error?: string }> {
  const socket = io(origin(port), {
    transports,
    extraHeaders: { Origin: origin(port) },
    reconnection: false,
    forceNew: true,
    timeout: CONNECT_TIMEOUT,
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ socket, error: `no connect within ${CONNECT_TIMEOUT / 1000}s` }), CONNECT_TIMEOUT + 500);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ socket });
    });
    socket.once('connect_error', (e: Error & { description?: unknown }) => {
      clearTimeout(timer);
      const description = (e.description as { message?: string; description?: unknown } | undefined)?.description;
      resolve({ socket, error: `connect_error ${e.message}${description !== undefined ? ` (${String(description)})` : ''}` });
    });
  });
}

async function echo(socket: Socket, payload: string): Promise<string | undefined> {
  try {
    const back = (await socket.timeout(ACK_TIMEOUT).emitWithAck('echo', payload)) as unknown;
    return back === payload ? undefined : `echo returned ${JSON.stringify(back)}`;
  } catch (e) {
    return `no echo within ${ACK_TIMEOUT / 1000}s (${(e as Error).message})`;
  }
}

/** Waits until the engine reports the WebSocket transport, or gives up after `ms`. */
async function upgraded(socket: Socket, ms: number): Promise<boolean> {
  const engine = socket.io.engine;
  if (engine.transport.name === 'websocket') return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(engine.transport.name === 'websocket'), ms);
    engine.once('upgrade', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function clientView(port: number, idleSeconds: number, details: string[]): Promise<{ echo: boolean; idle: boolean }> {
  const { socket, error } = await connect(port, ['polling', 'websocket']);
  try {
    if (error) {
      details.push(`socket.io-client: ${error}`);
      return { echo: false, idle: false };
    }
    const onWebSocket = await upgraded(socket, UPGRADE_TIMEOUT);
    const transport = socket.io.engine.transport.name;
    const firstEcho = await echo(socket, 'hello');
    details.push(`socket.io-client connected, transport ${transport}${firstEcho ? `, ${firstEcho}` : ', echo ok'}`);
    if (firstEcho) return { echo: false, idle: false };
    // A WebSocket-only client idles alongside: it has no long-poll that ends while it waits
    // (what an app that sets transports: ['websocket'] does).
    const direct = await connect(port, ['websocket']);
    try {
      const watched = [socket, ...(direct.error ? [] : [direct.socket])];
      const disconnected = new Map<Socket, string>();
      for (const s of watched) s.once('disconnect', (reason) => disconnected.set(s, reason));
      await delay(idleSeconds * 1000); // the idle period is what is being tested
      const after: string[] = [];
      for (const [s, label] of watched.map((s) => [s, s === socket ? 'upgraded client' : 'websocket-only client'] as const)) {
        const problem = disconnected.has(s) ? `disconnected (${disconnected.get(s)})` : await echo(s, 'still there');
        after.push(`${label} ${problem ?? 'echo ok'}`);
      }
      const ok = after.every((a) => a.endsWith('echo ok'));
      details.push(`after ${idleSeconds}s idle: ${after.join(', ')}${direct.error ? ` (websocket-only client: ${direct.error})` : ''}`);
      return { echo: onWebSocket, idle: ok };
    } finally {
      direct.socket.disconnect();
    }
  } finally {
    socket.disconnect();
  }
}

async function severalClients(port: number, count: number, details: string[]): Promise<boolean> {
  const results = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const { socket, error } = await connect(port, ['polling']);
      try {
        if (error) return error;
        for (let n = 0; n < 3; n++) {
          const problem = await echo(socket, `client ${i} message ${n}`);
          if (problem) return problem;
        }
        return undefined;
      } finally {
        socket.disconnect();
      }
    }),
  );
  const failed = results.filter((r): r is string => r !== undefined);
  details.push(failed.length === 0 ? `${count} polling clients: all echoes ok` : `${count} polling clients: ${failed.length} failed (${failed[0]})`);
  return failed.length === 0;
}

/** Runs every check against the stack listening on `port`. Never throws. */
export async function probe(options: ProbeOptions): Promise<Outcome> {
  const details: string[] = [];
  const raw = await rawEngineIo(options.port, details);
  if (!raw.handshake) return { handshake: false, upgrade: false, echo: false, idle: false, clients: false, details };
  const client = await clientView(options.port, options.idleSeconds, details);
  const clients = await severalClients(options.port, options.clients ?? 4, details);
  return { ...raw, ...client, clients, details };
}
