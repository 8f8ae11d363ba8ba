/**
 * G-07. `timeout = 0` switches off gunicorn's worker watchdog entirely: a worker that hangs
 * (an event loop blocked by CPU work or un-monkey-patched I/O, a deadlock) is never killed
 * and replaced, and its clients hang with it. Verified on 20.1.0: with `timeout = 2` a stuck
 * sync worker was killed ("WORKER TIMEOUT"), with `timeout = 0` it was left alone. Async and
 * threaded workers never need it for WebSockets (see gunicorn/timeout-semantics).
 *
 *     timeout = 0      # flagged
 *     timeout = 30     # fine
 */
import { literalOf } from '../../../languages/gunicorn/model';
import { defineGunicornRule } from '../../file-rule';

export default defineGunicornRule({
  id: 'gunicorn/timeout-zero',
  meta: { failure: 'runtime', description: 'timeout = 0 disables the watchdog that replaces hung workers.', severity: 'info', fixable: 'suggestion' },
  messages: {
    zero: '`timeout = 0` turns off the watchdog: a hung worker is never restarted and its clients hang with it. For async and threaded workers the timeout is only a heartbeat, so long WebSocket connections do not need this; keep the default 30 s.',
  },
  create(context) {
    return {
      timeout(assignment) {
        const value = literalOf(assignment.value);
        if (assignment.augmented || !(value === 0 || (typeof value === 'string' && /^\s*0+\s*$/.test(value)))) return;
        context.report({
          span: assignment.value,
          messageId: 'zero',
          suggest: [{ title: 'Use the default timeout (30 s)', apply: (f) => f.replace(assignment.value, '30') }],
        });
      },
    };
  },
});
