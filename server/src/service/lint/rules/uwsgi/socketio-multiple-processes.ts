/**
 * U-07. Socket.IO keeps each session in the memory of the process that created it; with
 * several worker processes the long-polling requests of one client land on processes that never
 * saw its session (verified on 2.0.21 with gevent and `processes = 2`: POSTs answered
 * `400 "Invalid session"`). Scale with several single-process instances behind nginx
 * `ip_hash` and a message queue instead. Debian's init script gives every app in
 * /etc/uwsgi/apps-enabled/ `workers = 2` from default.ini unless the file says otherwise.
 *
 *     processes = 4                # flagged
 *     processes = 1                # fine
 */
import { intValue, lastEntry } from '../../../languages/uwsgi/ast';
import { debianApp, DEBIAN_DEFAULTS } from '../../../languages/uwsgi/deployment';
import { classifyUwsgiApp, severityFor, unlessKnown } from '../../../languages/uwsgi/websocket';
import { defineUwsgiRule, type FileFixDescriptor } from '../../file-rule';
import { insertOption, sectionSpan } from '../../fixes/uwsgi-lines';

export default defineUwsgiRule({
  id: 'uwsgi/socketio-multiple-processes',
  meta: { failure: 'runtime', description: 'A Socket.IO instance must run one worker process.', severity: 'error', fixable: 'fix' },
  messages: {
    many:
      'Each of the {{count}} worker processes keeps its own Socket.IO sessions, so a client\'s polling requests reach processes that do not know it ("400 Invalid session"). Use `{{key}} = 1` and scale with more instances behind nginx ip_hash plus a message queue.{{condition}}',
    debianDefault:
      'Debian\'s init script starts files in /etc/uwsgi/apps-{{where}}/ with `workers = 2` from /usr/share/uwsgi/conf/default.ini, so Socket.IO sessions are split over two processes ("400 Invalid session"). Set `processes = 1` here.{{condition}}',
  },
  create(context) {
    const file = context.file;
    return {
      ':exit'() {
        const kind = classifyUwsgiApp(file, context.settings);
        if (kind.socketio === 'no') return;
        const condition = unlessKnown(kind.socketio, 'Socket.IO');
        const confident = kind.socketio === 'yes';
        const entry = lastEntry(file, 'processes', 'workers');
        if (entry) {
          const count = intValue(file, entry);
          if (count === undefined || count <= 1) return;
          const fix: FileFixDescriptor = { title: `Set ${entry.key} = 1`, apply: (f) => f.replace(entry.valueSpan, '1') };
          context.report({
            span: entry.span,
            messageId: 'many',
            data: { condition, count, key: entry.key },
            severity: severityFor(kind.socketio, 'error'),
            ...(confident ? { fix } : { suggest: [fix] }),
          });
          return;
        }
        const where = debianApp(context.path);
        if (!where || DEBIAN_DEFAULTS.workers <= 1) return;
        const fix: FileFixDescriptor = { title: 'Add processes = 1', apply: (f) => insertOption(f, file, 'processes = 1') };
        context.report({
          span: sectionSpan(file),
          messageId: 'debianDefault',
          data: { condition, where },
          severity: where === 'enabled' ? severityFor(kind.socketio, 'error') : severityFor(kind.socketio, 'warning'),
          ...(confident ? { fix } : { suggest: [fix] }),
        });
      },
    };
  },
});
