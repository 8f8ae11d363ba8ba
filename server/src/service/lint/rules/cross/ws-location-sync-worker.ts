/**
 * The async-worker agreement across files (G-01 / U-03 seen from nginx). A WebSocket or
 * Socket.IO location proxies to a gunicorn running the `sync` worker, or to a uWSGI without
 * the gevent loop engine. Such a worker serves one request at a time: an open WebSocket (or a
 * held long-poll) occupies it entirely, the next client waits, and Engine.IO clients, which
 * keep two requests in flight, stall. nginx is configured for WebSockets; the app server
 * cannot hold them. Reported on the nginx side, with the app setting as related information;
 * the fix suggestion changes the app server (GeventWebSocketWorker, or `gevent = 1000`).
 *
 *     location /ws/ { … proxy_pass http://app; }   worker_class = "sync"       # flagged
 *     location /ws/ { … proxy_pass http://app; }   worker_class = "eventlet"   # fine
 */
import { effectiveWorker } from '../../../languages/gunicorn/effective';
import { classifyLocation } from '../../../languages/nginx/websocket';
import { lastEntry } from '../../../languages/uwsgi/ast';
import { hasIncludes } from '../../../languages/uwsgi/deployment';
import { targetLocations } from '../../../workspace/links';
import type { AppConfig } from '../../../workspace/workspace';
import type { Span } from '../../../types';
import { listenerLabel, setGunicornSetting } from '../../fixes/app-configs';
import { insertOption } from '../../fixes/uwsgi-lines';
import { createTextFixer } from '../../file-rule';
import { defineWorkspaceRule, type WorkspaceFix } from '../../workspace-rule';

const GEVENT_WEBSOCKET = '"geventwebsocket.gunicorn.workers.GeventWebSocketWorker"';

/** What makes the app server synchronous, or undefined when it can hold WebSockets (or we cannot tell). */
function syncWorker(app: AppConfig): { what: string; span: Span; fix: WorkspaceFix } | undefined {
  if (app.kind === 'gunicorn') {
    const worker = effectiveWorker(app.config);
    if (worker.family !== 'sync' || !worker.certain) return undefined;
    return {
      what: worker.assignment ? `the sync worker (\`worker_class = "${worker.value}"\`)` : 'the sync worker (no `worker_class`)',
      span: worker.assignment?.span ?? { start: 0, end: 0 },
      fix: { title: 'Use the gevent-websocket worker', edits: [setGunicornSetting(app, 'worker_class', GEVENT_WEBSOCKET)] },
    };
  }
  if (lastEntry(app.file, 'gevent') || hasIncludes(app.file)) return undefined;
  const threads = lastEntry(app.file, 'threads');
  if (threads) return undefined; // threads without gevent: uwsgi/socketio-no-async-engine explains that variant
  return {
    what: 'without the `gevent` loop engine',
    span: { start: 0, end: 0 },
    fix: { title: 'Add gevent = 1000', edits: [insertOption(createTextFixer(app.path, app.file.text), app.file, 'gevent = 1000')] },
  };
}

export default defineWorkspaceRule({
  id: 'cross/ws-location-sync-worker',
  meta: {
    failure: 'runtime',
    description: 'A WebSocket location must proxy to an app server with an async worker (gevent, eventlet, ASGI).',
    severity: 'error',
    fixable: 'suggestion',
  },
  messages: {
    sync:
      'This WebSocket location proxies to {{app}}, which runs {{what}}: each worker serves one request at a time, so one open WebSocket or long-poll blocks it and the other clients wait. Use an async worker ({{remedy}}).',
  },
  check(context) {
    const seen = new Set<string>();
    for (const link of context.workspace.links) {
      const { target, listener } = link;
      if (!link.protocolMatches) continue;
      const ws = targetLocations(target).map((location) => classifyLocation(location, target.model)).filter((w) => w !== undefined);
      if (ws.length === 0) continue;
      const key = `${target.node.file.path}\u0000${target.span.start}\u0000${listener.app.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const sync = syncWorker(listener.app);
      if (!sync) continue;
      const high = ws.some((w) => w.confidence === 'high');
      context.report({
        file: target.node.file.path,
        span: target.span,
        messageId: 'sync',
        data: {
          app: listenerLabel(listener),
          what: sync.what,
          remedy: listener.app.kind === 'gunicorn' ? `\`worker_class = ${GEVENT_WEBSOCKET}\` or "eventlet", with \`workers = 1\` for Socket.IO` : '`gevent = 1000`, plus `plugins = python3,gevent_python3` on Debian',
        },
        severity: high ? 'error' : 'warning',
        related: [{ file: listener.app.path, span: sync.span, message: `This app server runs ${sync.what}.` }],
        suggest: [sync.fix],
      });
    }
  },
});
