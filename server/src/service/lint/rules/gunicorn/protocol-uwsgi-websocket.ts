/**
 * G-16. gunicorn 24.0.0 added `protocol = "uwsgi"` so that nginx can use `uwsgi_pass`; its
 * documentation says nothing about WebSockets over that protocol, while `proxy_pass` with the
 * Upgrade headers is the documented WebSocket path. nginx must also be allowed by
 * `uwsgi_allow_ips` (default 127.0.0.1 and ::1).
 *
 *     protocol = "uwsgi"     # flagged in a WebSocket app
 *     protocol = "http"      # fine
 */
import { literalOf } from '../../../languages/gunicorn/model';
import { websocketVerdict } from '../../../languages/gunicorn/websocket';
import { defineGunicornRule } from '../../file-rule';

export default defineGunicornRule({
  id: 'gunicorn/protocol-uwsgi-websocket',
  meta: { failure: 'none', description: 'Serve WebSocket apps over HTTP (nginx proxy_pass), not gunicorn\'s uwsgi protocol.', severity: 'info' },
  messages: {
    uwsgi: 'gunicorn\'s uwsgi protocol (for nginx `uwsgi_pass`) is not documented to carry WebSockets; serve WebSocket endpoints over HTTP with nginx `proxy_pass` and the Upgrade headers. nginx\'s address must also be in `uwsgi_allow_ips`.',
  },
  create(context) {
    const { file, settings } = context;
    return {
      protocol(assignment) {
        if (literalOf(assignment.value) !== 'uwsgi' || !websocketVerdict(file, settings)) return;
        context.report({ span: assignment.value, messageId: 'uwsgi' });
      },
    };
  },
});
