/**
 * A file that includes itself, directly or through other files. nginx has no guard against
 * this: on 1.22.1 it fails with "Too many open files" (or crashes when the limit is high).
 * Through a glob the cycle is accepted silently, so that case is a warning.
 *
 *     # a.conf: include b.conf;   b.conf: include a.conf;   -> flagged
 */
import { defineNginxRule } from '../../rule';

export default defineNginxRule({
  id: 'nginx/include-cycle',
  meta: { failure: 'startup', description: 'Includes must not form a cycle.', severity: 'error' },
  messages: {
    cycle: '{{message}}',
    globCycle: '{{message}} Through a glob nginx does not fail: it silently includes the file about a thousand times, until it runs out of file descriptors.',
  },
  create(context) {
    return {
      ':exit'() {
        for (const problem of context.model.problems) {
          if (problem.kind !== 'include-cycle') continue;
          const file = context.model.files.get(problem.file);
          if (!file) continue;
          context.report({
            file,
            span: problem.span,
            messageId: problem.viaGlob ? 'globCycle' : 'cycle',
            severity: problem.viaGlob ? 'warning' : 'error',
            data: { message: problem.message },
          });
        }
      },
    };
  },
});
