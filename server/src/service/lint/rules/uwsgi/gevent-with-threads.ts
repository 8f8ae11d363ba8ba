/**
 * U-05. `threads` does not combine with `gevent`: uWSGI's gevent page says so, and on 2.0.21
 * (verified) `gevent = 100` + `threads = 4` started a worker with 4 cores in "threaded" mode, so
 * the 100 async cores were gone. The fix replaces `threads` with `enable-threads = true`, which
 * keeps Python thread support for threads the app starts itself.
 *
 *     gevent = 1000
 *     threads = 4                  # flagged
 */
import { flagOn, optionEntries } from '../../../languages/uwsgi/ast';
import { defineUwsgiRule } from '../../file-rule';

export default defineUwsgiRule({
  id: 'uwsgi/gevent-with-threads',
  meta: { failure: 'runtime', description: '`threads` must not be combined with `gevent`.', severity: 'warning', fixable: 'fix' },
  messages: {
    threads:
      '`threads` overrides the gevent cores: each worker gets {{threads}} threads instead of {{gevent}} async cores, so it serves far fewer WebSockets. Remove it; `enable-threads = true` keeps threads started by the app working.',
  },
  create(context) {
    const file = context.file;
    return {
      threads(entry) {
        const gevent = optionEntries(file, 'gevent');
        if (gevent.length === 0) return;
        const keepThreads = flagOn(file, 'enable-threads');
        context.report({
          span: entry.span,
          messageId: 'threads',
          data: { threads: entry.value, gevent: gevent[gevent.length - 1]!.value },
          fix: keepThreads
            ? { title: 'Remove threads', apply: (f) => f.removeLine(entry.span) }
            : { title: 'Replace threads with enable-threads = true', apply: (f) => f.replace(entry.span, 'enable-threads = true') },
        });
      },
    };
  },
});
