/**
 * gunicorn imports gunicorn.conf.py as Python; a syntax error stops it before it starts
 * ("Failed to read config file", exit status 1, verified on Debian's 20.1.0). Lezer's errors
 * plus what Lezer lets through but Python refuses: an unclosed one-line string and an indented
 * line outside any block (`IndentationError: unexpected indent`).
 *
 *     timeout =                # flagged: no value
 *     bind = "127.0.0.1:8000   # flagged: string never closed
 *     timeout = 60             # fine
 */
import { defineGunicornRule } from '../../file-rule';

export default defineGunicornRule({
  id: 'gunicorn/syntax',
  meta: { failure: 'startup', description: 'gunicorn.conf.py must be valid Python, or gunicorn refuses to start.', severity: 'error' },
  messages: {
    parse: '{{message}} gunicorn cannot load a config file with a syntax error and exits.',
  },
  create(context) {
    return {
      ':exit'() {
        for (const error of context.file.errors) {
          context.report({ span: error, messageId: 'parse', data: { message: error.message } });
        }
      },
    };
  },
});
