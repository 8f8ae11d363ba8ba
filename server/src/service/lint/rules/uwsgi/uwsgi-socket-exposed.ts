/**
 * U-10. The uwsgi protocol is meant for a trusted front end: it carries variables that can make
 * uWSGI load other apps, so a `socket` reachable from the network is a remote door into the
 * server (uWSGI "Things to know"). Bind it to 127.0.0.1 or a unix socket and let nginx
 * (`uwsgi_pass`) be the public side. Containers that publish the port on a private network are
 * the usual exception, hence a suggestion, not a fix.
 *
 *     socket = :3031               # flagged (all interfaces)
 *     socket = 127.0.0.1:3031      # fine
 */
import type { IniEntry } from '../../../languages/uwsgi/ast';
import { lastEntry, resolvedValue } from '../../../languages/uwsgi/ast';
import { defineUwsgiRule, type TextFixer } from '../../file-rule';

/** `:3031`, `0.0.0.0:3031`, `*:3031`, `[::]:3031`, `:::3031`: the host part binds every interface. */
const ALL_INTERFACES = /^(?:|0\.0\.0\.0|\*|\[::\]|::)(:\d+)$/;

export default defineUwsgiRule({
  id: 'uwsgi/uwsgi-socket-exposed',
  meta: { failure: 'none', description: 'A uwsgi-protocol socket must not listen on every interface.', severity: 'warning', fixable: 'suggestion' },
  messages: {
    exposed:
      '`{{key}} = {{value}}` listens on every interface with the uwsgi protocol, which lets anyone who reaches the port drive this uWSGI (it can be told to load other apps). Bind it to 127.0.0.1 or a unix socket and let nginx face the network.',
  },
  create(context) {
    const file = context.file;
    const check = (entry: IniEntry) => {
      const written = entry.value.split(/[\s,]/)[0]!;
      const resolved = resolvedValue(file, entry)?.trim().split(/[\s,]/)[0];
      const match = ALL_INTERFACES.exec(written) ?? (resolved === undefined ? null : ALL_INTERFACES.exec(resolved));
      if (!match) return;
      const address = { start: entry.valueSpan.start, end: entry.valueSpan.start + written.length };
      context.report({
        span: entry.valueSpan,
        messageId: 'exposed',
        data: { key: entry.key, value: entry.value },
        ...(written === match[0]
          ? { suggest: [{ title: `Bind to 127.0.0.1${match[1]}`, apply: (f: TextFixer) => f.replace(address, `127.0.0.1${match[1]}`) }] }
          : {}),
      });
    };
    const protocol = () => {
      const entry = lastEntry(file, 'protocol', 'socket-protocol');
      return entry ? resolvedValue(file, entry) ?? 'uwsgi' : 'uwsgi';
    };
    return {
      socket: (entry) => protocol() === 'uwsgi' && check(entry),
      'uwsgi-socket': check,
      'puwsgi-socket': check,
    };
  },
});
