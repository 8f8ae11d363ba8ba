/**
 * U-03. Without an async loop every worker core serves one request at a time: an open
 * WebSocket (or an Engine.IO long-poll) holds the whole worker and everyone else waits.
 * python-engineio supports WebSockets on uWSGI only in its `gevent_uwsgi` mode, i.e. with the
 * gevent loop engine (`gevent = N`, Debian: plugin gevent_python3), as in the Flask-SocketIO docs
 * (`--gevent 1000 --http-websockets --master`). With `threads` only, Socket.IO falls back to
 * long-polling: engineio's threaded WebSocket support covers Werkzeug and gunicorn, not uWSGI.
 * `async`/`ugreen` are uwsgi/async-ugreen-not-supported's finding.
 *
 * On a Debian build the fix also loads gevent_python3 on the `plugins` line: `gevent = 1000`
 * alone is silently ignored there, or fatal with `strict = true` (verified on the real stack,
 * test/scenarios/uwsgi-no-gevent).
 *
 *     module = app:app                 # flagged: no gevent
 *     gevent = 1000                    # fine
 */
import { pluginOfItem } from '../../../knowledge/uwsgi';
import { flagOn, optionEntries, type IniFile } from '../../../languages/uwsgi/ast';
import { PLUGIN_OPTIONS, uwsgiBuild } from '../../../languages/uwsgi/deployment';
import { classifyUwsgiApp, severityFor, unlessKnown } from '../../../languages/uwsgi/websocket';
import { defineUwsgiRule, type FileFixDescriptor, type TextFixer } from '../../file-rule';
import type { Edit } from '../../../types';
import { insertOption, mentions, sectionSpan } from '../../fixes/uwsgi-lines';

const APP = ['module', 'wsgi', 'wsgi-file', 'file', 'mount'];

export default defineUwsgiRule({
  id: 'uwsgi/socketio-no-async-engine',
  meta: { failure: 'runtime', description: 'A WebSocket / Socket.IO app on uWSGI needs the gevent loop engine.', severity: 'error', fixable: 'fix' },
  messages: {
    noEngine:
      'This instance has no async loop, so each worker holds one connection at a time: an open WebSocket or long-poll blocks everyone else. Socket.IO on uWSGI needs gevent: add `gevent = 1000`{{plugin}}.{{condition}}',
    threadsOnly:
      'With `threads` and no gevent, Socket.IO on uWSGI gets no WebSocket transport (engineio\'s threaded WebSocket support covers Werkzeug and gunicorn only) and stays on long-polling. Use `gevent = 1000`{{plugin}} instead.{{condition}}',
  },
  create(context) {
    const file = context.file;
    return {
      ':exit'() {
        const kind = classifyUwsgiApp(file, context.settings);
        if (kind.websocket === 'no' || mentions(file, 'gevent')) return;
        // uWSGI's own async engines are uwsgi/async-ugreen-not-supported's finding.
        if (optionEntries(file, 'async', 'asyncio').length > 0 || flagOn(file, 'ugreen') || flagOn(file, 'greenlet')) return;
        const confident = kind.websocket === 'yes';
        const data = { condition: unlessKnown(kind.websocket), plugin: context.settings.uwsgiBuild === 'pip' ? '' : ' (on Debian also load gevent_python3)' };
        const threads = optionEntries(file, 'threads');
        if (threads.length > 0) {
          const last = threads[threads.length - 1]!;
          context.report({
            span: last.span,
            messageId: 'threadsOnly',
            data,
            severity: severityFor(kind.websocket, 'warning'),
            suggest: [{ title: 'Use gevent = 1000 instead of threads', apply: (f) => f.replace(last.span, 'gevent = 1000') }],
          });
          return;
        }
        const app = optionEntries(file, ...APP)[0];
        const debian = uwsgiBuild(file, context.path, context.settings) === 'debian';
        const fix: FileFixDescriptor = {
          title: debian ? 'Add gevent = 1000 and load gevent_python3' : 'Add gevent = 1000',
          apply: (f) => {
            const gevent = insertOption(f, file, 'gevent = 1000', app);
            if (!gevent) return undefined;
            return debian ? [gevent, ...loadGeventPlugin(f, file)] : gevent;
          },
        };
        context.report({
          span: app?.keySpan ?? sectionSpan(file),
          messageId: 'noEngine',
          data,
          severity: severityFor(kind.websocket, 'error'),
          ...(confident ? { fix } : { suggest: [fix] }),
        });
      },
    };
  },
});

/** Adds gevent_python3 after the other plugins of the one `plugins` line (or a new line), unless loaded. */
function loadGeventPlugin(f: TextFixer, file: IniFile): Edit[] {
  const lines = optionEntries(file, ...PLUGIN_OPTIONS);
  const items = lines.flatMap((e) => e.value.split(/[\s,]+/).filter(Boolean));
  if (items.some((i) => pluginOfItem(i) === 'gevent_python3')) return [];
  const line = lines[0];
  if (lines.length === 1 && line && (line.option === 'plugins' || line.option === 'plugin')) {
    const python = items.some((i) => pluginOfItem(i) === 'python3') ? items : ['python3', ...items];
    return [f.replace(line.valueSpan, [...python, 'gevent_python3'].join(','))];
  }
  if (lines.length > 0) return [];
  const added = insertOption(f, file, 'plugins = python3,gevent_python3');
  return added ? [added] : [];
}
