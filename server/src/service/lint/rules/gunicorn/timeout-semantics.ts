/**
 * G-07. For gthread and async workers `timeout` is a heartbeat: the worker process reports
 * in while requests of any length run (verified on 20.1.0: with `timeout = 2`, a 6 s request
 * completed on gthread and on eventlet, while the sync worker was killed). Raising it "for
 * WebSockets" changes nothing for them; it only delays the restart of a worker that really
 * hangs. What kills such workers is a blocked event loop. The sync worker is left to
 * gunicorn/socketio-sync-worker.
 *
 *     worker_class = "eventlet"; timeout = 3600     # flagged
 *     worker_class = "eventlet"; timeout = 30       # fine
 */
import { effectiveWorker } from '../../../languages/gunicorn/effective';
import { literalOf } from '../../../languages/gunicorn/model';
import { websocketVerdict } from '../../../languages/gunicorn/websocket';
import { defineGunicornRule } from '../../file-rule';

const DEFAULT_TIMEOUT = 30;

export default defineGunicornRule({
  id: 'gunicorn/timeout-semantics',
  meta: { failure: 'none', description: 'A long timeout does not help WebSockets on gthread or async workers.', severity: 'info', fixable: 'suggestion' },
  messages: {
    raised: 'With the {{worker}} worker, `timeout` is a heartbeat of the worker process, not a limit on request length: WebSockets stay open with the default 30 s. {{seconds}} s only delays restarting a worker that really hangs.',
  },
  create(context) {
    const { file, settings } = context;
    return {
      timeout(assignment) {
        const seconds = literalOf(assignment.value);
        if (assignment.augmented || typeof seconds !== 'number' || seconds <= DEFAULT_TIMEOUT) return;
        const worker = effectiveWorker(file);
        if (!websocketVerdict(file, settings) || !worker.certain || worker.family === 'sync' || worker.family === 'unknown' || worker.family === 'custom') return;
        context.report({
          span: assignment.value,
          messageId: 'raised',
          data: { worker: worker.viaThreads ? 'gthread' : worker.value ?? worker.family, seconds },
          suggest: [{ title: 'Use the default timeout (30 s)', apply: (f) => f.replace(assignment.value, String(DEFAULT_TIMEOUT)) }],
        });
      },
    };
  },
});
