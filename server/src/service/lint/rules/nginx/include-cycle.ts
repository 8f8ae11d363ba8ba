/**
 * A file that includes itself, directly or through other files. nginx has no guard against
 * this and recurses until it runs out of file descriptors or memory.
 *
 *     # a.conf: include b.conf;   b.conf: include a.conf;   -> flagged
 */
import { defineNginxRule } from '../../rule';

export default defineNginxRule({
  id: 'nginx/include-cycle',
  meta: { description: 'Includes must not form a cycle.', severity: 'error' },
  messages: { cycle: '{{message}}' },
  create(context) {
    return {
      ':exit'() {
        for (const problem of context.model.problems) {
          if (problem.kind !== 'include-cycle') continue;
          const file = context.model.files.get(problem.file);
          if (file) context.report({ file, span: problem.span, messageId: 'cycle', data: { message: problem.message } });
        }
      },
    };
  },
});
