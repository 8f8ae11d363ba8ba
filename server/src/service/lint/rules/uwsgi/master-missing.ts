/**
 * U-09. Without the master process nobody respawns a dead worker, harakiri and graceful
 * reloads are not managed, and uWSGI warns "you are running uWSGI without its master process
 * manager". Flask-SocketIO's example passes `--master`. Not flagged: files started by
 * Debian's init script (default.ini sets `master = true`), files that pull in other config
 * files, `master = false` written on purpose, and options that start the master themselves
 * (verified on 2.0.21 for each listed below; harakiri and emperor do not).
 *
 *     [uwsgi]                      # flagged when there is no master = true
 *     master = true                # fine
 */
import { optionEntries } from '../../../languages/uwsgi/ast';
import { debianApp, hasIncludes } from '../../../languages/uwsgi/deployment';
import { defineUwsgiRule } from '../../file-rule';
import { insertOption, mentions, sectionSpan } from '../../fixes/uwsgi-lines';

/** Options flagged UWSGI_OPT_MASTER in uWSGI 2.0: setting them starts the master. */
const IMPLY_MASTER = [
  'attach-daemon', 'attach-control-daemon', 'smart-attach-daemon', 'smart-attach-daemon2', 'attach-daemon2',
  'cron', 'cron2', 'unique-cron', 'legion-cron', 'touch-reload', 'touch-workers-reload', 'touch-chain-reload',
  'fs-reload', 'fs-brutal-reload', 'mule', 'mules', 'farm', 'spooler',
];

export default defineUwsgiRule({
  id: 'uwsgi/master-missing',
  meta: { failure: 'runtime', description: 'uWSGI should run with its master process.', severity: 'info', fixable: 'fix' },
  messages: {
    missing: 'uWSGI runs without its master process here: a crashed worker is not respawned and reloads are not graceful. Add `master = true`.',
  },
  create(context) {
    const file = context.file;
    return {
      ':exit'() {
        if (file.sections.every((s) => s.name !== 'uwsgi')) return;
        if (mentions(file, 'master') || debianApp(context.path) || hasIncludes(file)) return;
        if (optionEntries(file, ...IMPLY_MASTER).length > 0) return;
        context.report({
          span: sectionSpan(file),
          messageId: 'missing',
          fix: { title: 'Add master = true', apply: (f) => insertOption(f, file, 'master = true') },
        });
      },
    };
  },
});
