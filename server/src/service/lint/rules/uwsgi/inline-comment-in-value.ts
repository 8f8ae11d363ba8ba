/**
 * U-20. uWSGI only treats `;` and `#` as comments at the start of a line; after a value they
 * are part of it. Verified on 2.0.21: `http-socket = 127.0.0.1:5008 ; inline comment` was
 * bound as "127.0.0.1:5008 ; inline comment", `master = false ; off for now` turns the master
 * *on* (only false/off/no/0 are false), `socket = /tmp/ic.sock ; for nginx` created a socket file
 * named "ic.sock ; for nginx", and `plugins = python3 ; Debian` failed to load the plugin.
 * The fix moves the comment to its own line above. Values that are shell
 * commands or routing rules (`exec-*`, `hook-*`, `attach-daemon`, `cron`, `route*`, …) may
 * contain ` ;` on purpose and are left alone.
 *
 *     socket = /run/app.sock ; for nginx    # flagged
 *     ; for nginx
 *     socket = /run/app.sock                # fine
 */
import { isTruthy } from '../../../languages/uwsgi/ast';
import { lookupOption } from '../../../knowledge/uwsgi';
import { defineUwsgiRule } from '../../file-rule';

const COMMANDS = /^(exec-|hook-|attach-|smart-attach-|cron|unique-cron|legion-|call-|route|response-route|final-route|error-route|log-format|logformat|if-|for|env|declare-option|print|log-route|log-req-route)/;
/** Options whose value is a name or path: the comment text makes it a different one. */
const CRITICAL = new Set([
  'socket', 'uwsgi-socket', 'http-socket', 'https-socket', 'http11-socket', 'http', 'https', 'http-to', 'module', 'wsgi', 'wsgi-file', 'file',
  'callable', 'plugins', 'plugin', 'need-plugin', 'need-plugins', 'chdir', 'pythonpath', 'python-path', 'home', 'venv', 'virtualenv', 'pyhome',
  'ini', 'include', 'inherit', 'chown-socket', 'chmod-socket', 'uid', 'gid', 'pidfile', 'logto', 'daemonize', 'mount',
]);

/**
 * The `; text` or `# text` after a blank in a value (on its last line), what the regex
 * `/[ \t]+([;#].*)$/` matches, found in one pass: that regex is quadratic on a value with a
 * long run of blanks (every start position scans the whole run).
 */
function inlineComment(value: string): string | undefined {
  const lastBreak = Math.max(value.lastIndexOf('\n'), value.lastIndexOf('\r'), value.lastIndexOf('\u2028'), value.lastIndexOf('\u2029'));
  for (let i = Math.max(1, lastBreak + 2); i < value.length; i++) {
    const c = value[i];
    const previous = value[i - 1];
    if ((c === ';' || c === '#') && (previous === ' ' || previous === '\t')) return value.slice(i);
  }
  return undefined;
}

export default defineUwsgiRule({
  id: 'uwsgi/inline-comment-in-value',
  meta: { failure: 'runtime', description: 'Comments must be on their own line: uWSGI keeps `; text` after a value as part of it.', severity: 'warning', fixable: 'fix' },
  messages: {
    comment: 'uWSGI has no inline comments: the value of `{{key}}` is "{{value}}", comment included{{effect}}. Put the comment on its own line.',
    flipsFlag:
      'uWSGI has no inline comments: the value of `{{key}}` is "{{value}}", which is not one of false/off/no/0, so the option is turned ON. Put the comment on its own line.',
  },
  create(context) {
    const text = context.file.text;
    return {
      '*'(entry) {
        if (COMMANDS.test(entry.option)) return;
        const comment = inlineComment(entry.value);
        const match = comment !== undefined ? ['', comment] : /^[;#]/.test(entry.value) ? ['', entry.value] : null;
        if (!match) return;
        const commentStart = entry.valueSpan.end - match[1]!.length;
        const before = text.slice(entry.valueSpan.start, commentStart).trimEnd();
        const fix = {
          title: 'Move the comment to its own line',
          apply: (f: import('../../file-rule').TextFixer) => [
            f.insertLineBefore(entry.span, match[1]!),
            f.replace({ start: entry.valueSpan.start + before.length, end: entry.valueSpan.end }, ''),
          ],
        };
        const span = { start: commentStart, end: entry.valueSpan.end };
        const flag = lookupOption(entry.option)?.arg === 'flag';
        if (flag && before !== '' && !isTruthy(before)) {
          context.report({ span, messageId: 'flipsFlag', severity: 'error', data: { key: entry.key, value: entry.value }, fix });
          return;
        }
        // A TCP address still binds (the port is read as a number); a path, module or plugin name does not resolve.
        const critical = CRITICAL.has(entry.option) && !(/socket$|^https?$|^http-to$/.test(entry.option) && before.includes(':'));
        context.report({
          span,
          messageId: 'comment',
          data: { key: entry.key, value: entry.value, effect: critical ? ', so the name or path uWSGI looks for does not exist' : '' },
          ...(critical ? { severity: 'error' as const } : {}),
          fix,
        });
      },
    };
  },
});
