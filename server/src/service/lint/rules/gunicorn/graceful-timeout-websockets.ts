/**
 * G-08. On a restart or stop (HUP, TERM, a deploy), workers get `graceful_timeout` seconds to
 * finish their requests before they are killed. An open WebSocket never finishes, so with
 * clients connected every restart waits the whole graceful timeout, and the sockets are cut
 * anyway; Socket.IO clients then reconnect. Verified on Debian 12 with `graceful_timeout = 8`
 * and one open WebSocket: SIGTERM took 8.1 s with the eventlet and GeventWebSocketWorker
 * workers, and the client saw the close after the same time. Raising it is only worth it for
 * long plain HTTP requests.
 *
 *     graceful_timeout = 600     # flagged
 *     graceful_timeout = 30      # fine
 */
import { literalOf } from '../../../languages/gunicorn/model';
import { websocketVerdict } from '../../../languages/gunicorn/websocket';
import { defineGunicornRule } from '../../file-rule';

const DEFAULT_GRACEFUL = 30;

export default defineGunicornRule({
  id: 'gunicorn/graceful-timeout-websockets',
  meta: { failure: 'none', description: 'A long graceful_timeout only delays restarts when WebSockets are open.', severity: 'info', fixable: 'suggestion' },
  messages: {
    long: 'Open WebSockets never finish on their own, so each restart or stop waits the full {{seconds}} s before the old workers are killed, and the sockets are cut anyway (clients reconnect). A longer graceful timeout only helps long plain HTTP requests.',
  },
  create(context) {
    const { file, settings } = context;
    return {
      graceful_timeout(assignment) {
        const seconds = literalOf(assignment.value);
        if (assignment.augmented || typeof seconds !== 'number' || seconds <= DEFAULT_GRACEFUL) return;
        if (websocketVerdict(file, settings)?.confidence !== 'high') return;
        context.report({
          span: assignment.value,
          messageId: 'long',
          data: { seconds },
          suggest: [{ title: 'Use the default graceful timeout (30 s)', apply: (f) => f.replace(assignment.value, String(DEFAULT_GRACEFUL)) }],
        });
      },
    };
  },
});
