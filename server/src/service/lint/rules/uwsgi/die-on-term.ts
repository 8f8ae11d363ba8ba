/**
 * U-17. In uWSGI 2.0.x SIGTERM means "brutal reload", not "stop" (2.1 changes this). systemd's
 * default KillSignal and `docker stop` send SIGTERM, so the instance reloads, then gets killed
 * at the stop timeout. `die-on-term = true` makes SIGTERM a shutdown. Debian's init script
 * (`--retry=QUIT/30/KILL/5`) and its uwsgi-app@ unit (`KillSignal=SIGQUIT`) stop with SIGQUIT,
 * and the init script's force-reload relies on SIGTERM reloading, so this is only reported for
 * a pip-installed uWSGI (setting `uwsgiBuild: "pip"`).
 *
 *     [uwsgi]                      # flagged for pip builds without die-on-term
 *     die-on-term = true           # fine
 */
import { debianApp, hasIncludes } from '../../../languages/uwsgi/deployment';
import { defineUwsgiRule } from '../../file-rule';
import { insertOption, mentions, sectionSpan } from '../../fixes/uwsgi-lines';

export default defineUwsgiRule({
  id: 'uwsgi/die-on-term',
  meta: { failure: 'runtime', description: 'uWSGI 2.0 under systemd or Docker needs die-on-term to stop on SIGTERM.', severity: 'info', fixable: 'fix' },
  messages: {
    missing:
      'uWSGI 2.0 treats SIGTERM as a reload, and systemd and `docker stop` send SIGTERM: the instance restarts instead of stopping and is killed at the timeout, dropping every WebSocket abruptly. Add `die-on-term = true` (or stop it with SIGQUIT).',
  },
  create(context) {
    const file = context.file;
    return {
      ':exit'() {
        if (context.settings.uwsgiBuild !== 'pip' || debianApp(context.path)) return;
        if (file.sections.every((s) => s.name !== 'uwsgi') || mentions(file, 'die-on-term') || hasIncludes(file)) return;
        context.report({
          span: sectionSpan(file),
          messageId: 'missing',
          fix: { title: 'Add die-on-term = true', apply: (f) => insertOption(f, file, 'die-on-term = true') },
        });
      },
    };
  },
});
