/**
 * G-06 / U-07 across files. A Socket.IO location proxies to a gunicorn with `workers > 1` or
 * a uWSGI with `processes > 1` (Debian's apps-enabled default of 2 included). Each worker
 * process keeps its own Engine.IO sessions and the app server hands requests to any worker,
 * so a client's polling requests reach workers that never saw its session: verified on
 * Debian 12, "400 Invalid session" for most polling POSTs. `ip_hash` in nginx does not help,
 * whatever the upstream says: it picks a server, never a worker inside one. The working layout
 * is several single-worker instances on separate ports behind an `ip_hash` upstream, with a
 * message queue. Reported on the nginx side (the per-file rules report the app side).
 *
 *     location /socket.io/ { proxy_pass http://sio; }   workers = 4   # flagged
 *     location /socket.io/ { proxy_pass http://sio; }   workers = 1   # fine
 */
import { settingOf, literalOf } from '../../../languages/gunicorn/model';
import { intValue, lastEntry } from '../../../languages/uwsgi/ast';
import { debianApp, DEBIAN_DEFAULTS } from '../../../languages/uwsgi/deployment';
import { classifyLocation } from '../../../languages/nginx/websocket';
import { targetLocations } from '../../../workspace/links';
import type { AppConfig } from '../../../workspace/workspace';
import type { Span } from '../../../types';
import { listenerLabel, setGunicornSetting, setUwsgiOption } from '../../fixes/app-configs';
import { defineWorkspaceRule, type WorkspaceFix } from '../../workspace-rule';

interface Workers {
  readonly count: number | undefined;
  readonly text: string;
  readonly span: Span;
}

/** The worker count of the app when it is (probably) more than one. */
function manyWorkers(app: AppConfig): Workers | undefined {
  if (app.kind === 'gunicorn') {
    const assignment = settingOf(app.config, 'workers');
    if (!assignment) return undefined;
    const value = literalOf(assignment.value);
    const count = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
    if (count !== undefined && count <= 1) return undefined;
    if (count === undefined && assignment.value.kind !== 'expr') return undefined;
    return { count, text: `workers = ${count ?? app.config.text.slice(assignment.value.start, assignment.value.end)}`, span: assignment.span };
  }
  const entry = lastEntry(app.file, 'processes', 'workers');
  if (entry) {
    const count = intValue(app.file, entry);
    return count !== undefined && count > 1 ? { count, text: `${entry.key} = ${count}`, span: entry.span } : undefined;
  }
  const where = debianApp(app.path);
  return where ? { count: DEBIAN_DEFAULTS.workers, text: `workers = ${DEBIAN_DEFAULTS.workers} from Debian's default.ini`, span: { start: 0, end: 0 } } : undefined;
}

export default defineWorkspaceRule({
  id: 'cross/socketio-multiple-workers',
  meta: {
    failure: 'runtime',
    description: 'A Socket.IO location must proxy to app server instances that run a single worker each.',
    severity: 'error',
    fixable: 'fix',
  },
  messages: {
    many:
      'This Socket.IO location proxies to {{app}}, which runs several worker processes ({{workers}}): each keeps its own sessions, so polling requests get "400 Invalid session". `ip_hash` cannot help, it picks a server, not a worker inside it. Run one worker per instance (`{{fix}}`) and scale with separate single-worker instances on separate ports behind an `ip_hash` upstream plus a message queue.',
  },
  check(context) {
    const seen = new Set<string>();
    for (const link of context.workspace.links) {
      const { target, listener } = link;
      if (!link.protocolMatches) continue;
      const socketio = targetLocations(target).some((location) => classifyLocation(location, target.model)?.socketio === true);
      if (!socketio) continue;
      const key = `${target.node.file.path}\u0000${target.span.start}\u0000${listener.app.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const workers = manyWorkers(listener.app);
      if (!workers) continue;
      const app = listener.app;
      const fixText = app.kind === 'gunicorn' ? 'workers = 1' : 'processes = 1';
      const edit = app.kind === 'gunicorn' ? setGunicornSetting(app, 'workers', '1') : setUwsgiOption(app, ['processes', 'workers'], '1');
      const fix: WorkspaceFix = { title: `Run a single worker (${fixText} in ${app.path.split('/').pop()})`, edits: [edit] };
      context.report({
        file: target.node.file.path,
        span: target.span,
        messageId: 'many',
        data: { app: listenerLabel(listener), workers: workers.text, fix: fixText },
        severity: workers.count === undefined ? 'warning' : 'error',
        related: [{ file: app.path, span: workers.span, message: `${workers.text}.` }],
        ...(workers.count === undefined ? { suggest: [fix] } : { fix }),
      });
    }
  },
});
