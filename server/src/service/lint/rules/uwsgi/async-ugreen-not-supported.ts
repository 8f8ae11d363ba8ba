/**
 * U-04. python-engineio's uWSGI integration is gevent-only (its async modes are eventlet,
 * gevent_uwsgi, gevent and threading): uWSGI's own async mode with uGreen or greenlet, or the
 * asyncio engine, is not something Socket.IO can run on. uWSGI's Gevent page also says not to
 * mix its async API with gevent. The fix turns `async = N` into `gevent = N` and drops the
 * suspend-engine switches.
 *
 *     async = 100                  # flagged
 *     ugreen = true                # flagged
 *     gevent = 100                 # fine
 */
import type { IniEntry } from '../../../languages/uwsgi/ast';
import { isTruthy, optionEntries } from '../../../languages/uwsgi/ast';
import { classifyUwsgiApp, severityFor, unlessKnown } from '../../../languages/uwsgi/websocket';
import { defineUwsgiRule, type FileFixDescriptor } from '../../file-rule';

export default defineUwsgiRule({
  id: 'uwsgi/async-ugreen-not-supported',
  meta: { failure: 'runtime', description: "Socket.IO cannot run on uWSGI's async/uGreen/greenlet/asyncio engines; use gevent.", severity: 'warning', fixable: 'fix' },
  messages: {
    engine: '`{{key}}` selects a concurrency model python-engineio does not support on uWSGI (only gevent is). Use `gevent = N` instead.{{condition}}',
    mixed: '`{{key}}` mixes uWSGI\'s own async mode with gevent, which uWSGI\'s gevent documentation rules out. Remove it and let `gevent` set the cores.',
  },
  create(context) {
    const file = context.file;
    const kind = classifyUwsgiApp(file, context.settings);
    const hasGevent = optionEntries(file, 'gevent').length > 0;
    const report = (entry: IniEntry, fix: FileFixDescriptor) => {
      if (hasGevent) {
        context.report({ span: entry.keySpan, messageId: 'mixed', data: { key: entry.key }, fix: { title: `Remove ${entry.key}`, apply: (f) => f.removeLine(entry.span) } });
        return;
      }
      if (kind.websocket === 'no') return;
      context.report({
        span: entry.keySpan,
        messageId: 'engine',
        data: { key: entry.key, condition: unlessKnown(kind.websocket, 'Socket.IO') },
        severity: severityFor(kind.websocket, 'warning'),
        ...(kind.websocket === 'yes' ? { fix } : { suggest: [fix] }),
      });
    };
    const toGevent = (entry: IniEntry): FileFixDescriptor => ({ title: `Use gevent = ${entry.value || 100}`, apply: (f) => f.replace(entry.span, `gevent = ${entry.value || 100}`) });
    const remove = (entry: IniEntry): FileFixDescriptor => ({ title: `Remove ${entry.key}`, apply: (f) => f.removeLine(entry.span) });
    return {
      async: (entry) => report(entry, toGevent(entry)),
      asyncio: (entry) => report(entry, toGevent(entry)),
      ugreen: (entry) => isTruthy(entry.value) && report(entry, remove(entry)),
      greenlet: (entry) => isTruthy(entry.value) && report(entry, remove(entry)),
    };
  },
});
