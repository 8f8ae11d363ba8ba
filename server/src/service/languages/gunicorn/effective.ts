/**
 * What gunicorn will actually run with, as far as the file tells: the worker class after
 * gunicorn's own `sync` + `threads > 1` → `gthread` switch (config.py `worker_class`), the
 * thread and worker counts, and the bound addresses parsed like `util.parse_address`.
 * Anything dynamic, conditional or possibly imported makes the answer uncertain, and rules
 * then stay silent or lower their severity.
 */
import { classifyWorker, type WorkerFamily, type WorkerInfo } from '../../knowledge/gunicorn';
import type { Span } from '../../types';
import { assignmentsOf, importedName, literalOf, settingOf, type PyAssignment, type PyConfig, type PyValueNode } from './model';

export interface EffectiveWorker {
  /** The `worker_class` assignment in effect (undefined: the default `sync`). */
  readonly assignment?: PyAssignment;
  /** The class as written (or as the environment default gives it). */
  readonly value?: string;
  readonly info?: WorkerInfo;
  /** After the gthread switch; `unknown` when the value cannot be read. */
  readonly family: WorkerFamily | 'unknown';
  /** `sync` with `threads > 1`: gunicorn runs gthread. */
  readonly viaThreads: boolean;
  readonly threads: number | undefined;
  readonly threadsAssignment?: PyAssignment;
  /** Set and read with certainty: one unconditional literal, not from the environment. */
  readonly certain: boolean;
}

/** Whether several assignments (or a conditional one) leave the effective value open. */
function settled(config: PyConfig, name: string): boolean {
  const all = assignmentsOf(config, name);
  return !all.some((a) => a.conditional || a.augmented);
}

export function effectiveThreads(config: PyConfig): { value: number | undefined; assignment?: PyAssignment; certain: boolean } {
  const assignment = settingOf(config, 'threads');
  if (!assignment) return importedName(config, 'threads') ? { value: undefined, certain: false } : { value: 1, certain: true };
  const value = literalOf(assignment.value);
  const count = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
  return { value: count, assignment, certain: count !== undefined && assignment.value.kind !== 'expr' && settled(config, 'threads') };
}

export function effectiveWorker(config: PyConfig): EffectiveWorker {
  const assignment = settingOf(config, 'worker_class');
  const threads = effectiveThreads(config);
  const threadFields = { threads: threads.value, ...(threads.assignment ? { threadsAssignment: threads.assignment } : {}) };
  if (!assignment && importedName(config, 'worker_class')) return { family: 'unknown', viaThreads: false, certain: false, ...threadFields };
  const raw = assignment ? literalOf(assignment.value) : 'sync';
  if (typeof raw !== 'string') return { ...(assignment ? { assignment } : {}), family: 'unknown', viaThreads: false, certain: false, ...threadFields };
  const info = classifyWorker(raw);
  const isSync = info.family === 'sync' || info.name.endsWith('SyncWorker');
  const viaThreads = isSync && threads.value !== undefined && threads.value > 1;
  const certain = (!assignment || (assignment.value.kind === 'str' && settled(config, 'worker_class'))) && (!isSync || threads.certain);
  return {
    ...(assignment ? { assignment } : {}),
    value: raw,
    info,
    family: viaThreads ? 'gthread' : isSync ? 'sync' : info.family,
    viaThreads,
    certain,
    ...threadFields,
  };
}

/** Workers that serve one request at a time or a thread per connection, i.e. WSGI ones. */
export const WSGI_FAMILIES: ReadonlySet<string> = new Set(['sync', 'gthread', 'eventlet', 'gevent', 'gevent-websocket', 'tornado']);
/** Families that can keep many WebSockets open in one process. */
export const ASYNC_FAMILIES: ReadonlySet<string> = new Set(['eventlet', 'gevent', 'gevent-websocket', 'asgi', 'uvicorn', 'tornado']);

export interface BindAddress extends Span {
  readonly text: string;
  readonly kind: 'tcp' | 'unix' | 'fd';
  readonly host?: string;
  readonly port?: number;
  /** Read from an environment variable's default. */
  readonly fromEnv: boolean;
}

/** gunicorn's util.parse_address, without raising. */
export function parseBind(text: string): Pick<BindAddress, 'kind' | 'host' | 'port'> | undefined {
  if (/^unix:/.test(text)) return { kind: 'unix' };
  if (text.startsWith('fd://')) return { kind: 'fd' };
  const net = text.startsWith('tcp://') ? text.slice(6) : text;
  let host = net;
  let port = '8000';
  if (net.includes('[') && net.includes(']')) {
    host = net.split(']')[0]!.slice(1);
    port = net.split(']:')[1] ?? '8000';
  } else if (net.includes(':')) {
    [host, port] = [net.split(':')[0]!, net.split(':')[1] ?? '8000'];
  } else if (net === '') host = '0.0.0.0';
  if (!/^\d+$/.test(port)) return undefined;
  return { kind: 'tcp', host: host.toLowerCase(), port: Number(port) };
}

/** The addresses of the `bind` in effect, each with the span of its string. */
export function bindAddresses(config: PyConfig): { assignment?: PyAssignment; addresses: BindAddress[]; complete: boolean } {
  const assignment = settingOf(config, 'bind');
  if (!assignment) return { addresses: [], complete: false };
  const items: readonly PyValueNode[] = assignment.value.kind === 'list' || assignment.value.kind === 'tuple' ? assignment.value.items : [assignment.value];
  const addresses: BindAddress[] = [];
  let complete = settled(config, 'bind');
  for (const item of items) {
    const text = literalOf(item);
    if (typeof text !== 'string') {
      complete = false;
      continue;
    }
    const parsed = parseBind(text.trim());
    if (!parsed) continue;
    addresses.push({ ...parsed, text, start: item.start, end: item.end, fromEnv: item.kind === 'expr' });
  }
  return { assignment, addresses, complete };
}

export function isAllInterfaces(host: string | undefined): boolean {
  return host === '0.0.0.0' || host === '' || host === '::' || host === '0:0:0:0:0:0:0:0';
}

export function isLoopback(host: string | undefined): boolean {
  return host === 'localhost' || host === '::1' || (host !== undefined && /^127\.\d+\.\d+\.\d+$/.test(host));
}

/**
 * Where to point at a setting the file does not have: the first of `prefer` that is
 * assigned, else the first assignment, else the first line.
 */
export function anchorFor(config: PyConfig, prefer: readonly string[]): { span: Span; assignment?: PyAssignment } {
  for (const name of prefer) {
    const found = settingOf(config, name);
    if (found && !found.conditional) return { span: found.nameSpan, assignment: found };
  }
  const first = config.assignments.find((a) => !a.conditional);
  if (first) return { span: first.nameSpan, assignment: first };
  const line = /^[^\n]*/.exec(config.text)![0];
  return { span: { start: 0, end: line.length } };
}
