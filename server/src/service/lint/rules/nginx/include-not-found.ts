/**
 * An `include` whose file is not in the workspace. The real server may well have it (Debian
 * ships mime.types, proxy_params, uwsgi_params, … and those are never reported), so this is
 * a warning: what the file holds could not be checked.
 *
 *     include snippets/app-headers.conf;   # flagged when the workspace has no such file
 *     include proxy_params;                # fine: a Debian stock file
 */
import { defineNginxRule } from '../../rule';

export default defineNginxRule({
  id: 'nginx/include-not-found',
  meta: { failure: 'startup', description: 'An included file is not in the workspace, so its content cannot be checked.', severity: 'warning' },
  messages: { missing: '{{message}}' },
  create(context) {
    return {
      ':exit'() {
        for (const problem of context.model.problems) {
          if (problem.kind !== 'include-missing' && problem.kind !== 'file-unreadable') continue;
          const file = context.model.files.get(problem.file);
          if (file) context.report({ file, span: problem.span, messageId: 'missing', data: { message: problem.message } });
        }
      },
    };
  },
});
