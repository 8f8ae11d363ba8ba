/**
 * U-18. A unix socket is a file: nginx (www-data on Debian) needs write permission on it, or it
 * logs "connect() to unix:… failed (13: Permission denied)" and answers 502. uWSGI creates it
 * with the default umask unless `chmod-socket` / `chown-socket` say otherwise. Debian's init
 * script already sets `chown-socket = www-data` and `chmod-socket = 660` for apps-enabled.
 *
 *     socket = /run/app/uwsgi.sock # flagged without chmod-socket / chown-socket
 *     chmod-socket = 660           # fine
 */
import { optionEntries, resolvedValue } from '../../../languages/uwsgi/ast';
import { debianApp, hasIncludes } from '../../../languages/uwsgi/deployment';
import { defineUwsgiRule } from '../../file-rule';
import { mentions } from '../../fixes/uwsgi-lines';

const SOCKETS = ['socket', 'uwsgi-socket', 'http-socket', 'puwsgi-socket', 'http11-socket'];

/** A path: uWSGI binds TCP when the name has a `:`; `@name` is abstract (no permissions), `=N` a shared socket. */
function isUnixPath(value: string): boolean {
  return value !== '' && !value.includes(':') && !value.startsWith('@') && !value.startsWith('=');
}

export default defineUwsgiRule({
  id: 'uwsgi/unix-socket-permissions',
  meta: { failure: 'runtime', description: 'A unix socket must be writable by the web server.', severity: 'info', fixable: 'suggestion' },
  messages: {
    permissions:
      'uWSGI creates `{{path}}` with its default permissions, which usually keep nginx (www-data) out: "connect() … failed (13: Permission denied)" and 502. Set `chmod-socket = 660` with a group nginx is in, or `chown-socket = www-data`.',
  },
  create(context) {
    const file = context.file;
    return {
      ':exit'() {
        if (debianApp(context.path) || hasIncludes(file) || mentions(file, 'chmod-socket', 'chown-socket')) return;
        for (const entry of optionEntries(file, ...SOCKETS)) {
          const path = resolvedValue(file, entry) ?? entry.value;
          if (!isUnixPath(path.split(',')[0]!.trim())) continue;
          context.report({
            span: entry.valueSpan,
            messageId: 'permissions',
            data: { path: entry.value },
            suggest: [{ title: 'Add chmod-socket = 660', apply: (f) => f.insertLineAfter(entry.span, 'chmod-socket = 660') }],
          });
          return;
        }
      },
    };
  },
});
