/**
 * Inputs too big to analyse safely: a file over the size limit, a glob matching thousands of
 * files, blocks nested absurdly deep. wsconf analyses what it can and says what it skipped,
 * instead of hanging the editor.
 */
import { defineNginxRule } from '../../rule';

export default defineNginxRule({
  id: 'nginx/analysis-limit',
  meta: { failure: 'none', description: 'Part of the configuration was too large to analyse.', severity: 'warning' },
  messages: { limit: '{{message}}' },
  create(context) {
    return {
      ':exit'() {
        for (const problem of context.model.problems) {
          if (problem.kind !== 'include-limit' && problem.kind !== 'nesting-limit' && problem.kind !== 'file-too-large') continue;
          const file = context.model.files.get(problem.file) ?? (problem.file === context.model.main.path ? context.model.main : undefined);
          if (file) context.report({ file, span: problem.span, messageId: 'limit', data: { message: problem.message } });
        }
      },
    };
  },
});
