/**
 * U-11. uWSGI accepts at most `buffer-size` bytes of request headers (4096 by default): a
 * request with big cookies or a long query string is dropped with "invalid request block size:
 * N (max 4096)...skip" and nginx answers 502 (verified on 2.0.21 through the `http` router too:
 * a 6 KB cookie was dropped). 32768 is the usual setting (the uwsgi protocol
 * allows up to 65535).
 *
 *     socket = /run/app.sock       # flagged when buffer-size is not set
 *     buffer-size = 32768          # fine
 */
import { optionEntries } from '../../../languages/uwsgi/ast';
import { debianApp, hasIncludes } from '../../../languages/uwsgi/deployment';
import { defineUwsgiRule } from '../../file-rule';
import { insertOption, mentions, sectionSpan } from '../../fixes/uwsgi-lines';

const SOCKETS = ['socket', 'uwsgi-socket', 'http-socket', 'https-socket', 'http11-socket', 'puwsgi-socket', 'suwsgi-socket', 'ssl-socket', 'http', 'httprouter', 'https'];

export default defineUwsgiRule({
  id: 'uwsgi/buffer-size-default',
  meta: { failure: 'runtime', description: 'Sockets should accept request headers larger than the 4 KB default.', severity: 'info', fixable: 'fix' },
  messages: {
    small:
      'Without `buffer-size`, uWSGI drops requests whose headers exceed 4096 bytes ("invalid request block size"); behind nginx that is a 502, and big cookies make it common. Add `buffer-size = 32768`.',
  },
  create(context) {
    const file = context.file;
    return {
      ':exit'() {
        if (mentions(file, 'buffer-size') || hasIncludes(file)) return;
        const socket = optionEntries(file, ...SOCKETS)[0];
        if (!socket && debianApp(context.path) !== 'enabled') return;
        context.report({
          span: socket?.span ?? sectionSpan(file),
          messageId: 'small',
          fix: { title: 'Add buffer-size = 32768', apply: (f) => insertOption(f, file, 'buffer-size = 32768', socket) },
        });
      },
    };
  },
});
