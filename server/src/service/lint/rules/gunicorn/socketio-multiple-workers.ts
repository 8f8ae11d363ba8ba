/**
 * G-06. gunicorn spreads requests over its workers with no stickiness, while an Engine.IO
 * session lives in one process: the other workers answer "400 Invalid session" (verified on
 * Debian 12 with `-k eventlet -w 3`: after the handshake, 5 of 6 polling POSTs got 400; with
 * one worker all 200). Flask-SocketIO and python-socketio therefore run one worker per
 * gunicorn instance and scale with several instances on different ports, a sticky nginx
 * upstream (`ip_hash`) and a message queue (`message_queue="redis://…"`). Computed counts
 * (`cpu_count() * 2 + 1`) are reported as probably more than one. Apps known to be plain ASGI
 * (Channels, FastAPI) are left alone.
 *
 *     workers = 4      # flagged
 *     workers = 1      # fine
 */
import type { PyValueNode } from '../../../languages/gunicorn/model';
import { literalOf } from '../../../languages/gunicorn/model';
import { websocketVerdict } from '../../../languages/gunicorn/websocket';
import { defineGunicornRule, type FileFixDescriptor } from '../../file-rule';

const EXPLAIN =
  'An Engine.IO session lives in one worker process, and gunicorn does not send a client back to the same worker, so the others answer "400 Invalid session". Use `workers = 1`; to scale, run several one-worker instances on different ports behind an nginx upstream with `ip_hash`, and give the app a message queue (`message_queue="redis://…"`).';

export default defineGunicornRule({
  id: 'gunicorn/socketio-multiple-workers',
  meta: { failure: 'runtime', description: 'A Socket.IO app must run a single worker per gunicorn instance.', severity: 'error', fixable: 'fix' },
  messages: {
    literal: `\`workers = {{count}}\` breaks Socket.IO. ${EXPLAIN}`,
    computed: `\`workers\` is computed ({{text}}) and is probably more than 1, which breaks Socket.IO. ${EXPLAIN}`,
    environment: `\`workers\` comes from \${{variable}}, which defaults to {{count}} here; more than 1 breaks Socket.IO. ${EXPLAIN}`,
  },
  create(context) {
    const { file, settings } = context;
    const verdict = websocketVerdict(file, settings);
    return {
      workers(assignment) {
        if (!verdict || verdict.socketio === 'no' || assignment.augmented) return;
        const value: PyValueNode = assignment.value;
        const count = literalOf(value);
        const number = typeof count === 'number' ? count : typeof count === 'string' && /^\s*\d+\s*$/.test(count) ? Number(count) : undefined;
        let severity: 'error' | 'warning' | 'info' = verdict.socketio === 'yes' || verdict.confidence === 'high' ? 'error' : 'warning';
        const confident = severity === 'error' && !assignment.conditional;
        const fix: FileFixDescriptor = { title: 'Run a single worker (workers = 1)', apply: (f) => f.replace(value, '1') };
        if (value.kind === 'expr' && value.envVar !== undefined) {
          if (number === 1) severity = 'info';
          else if (number === undefined && !value.envDefault) severity = 'warning';
          context.report({ span: value, messageId: 'environment', severity, data: { variable: value.envVar, count: number ?? 'nothing' }, suggest: [fix] });
          return;
        }
        if (value.kind === 'expr') {
          context.report({ span: value, messageId: 'computed', severity, data: { text: value.text.length > 40 ? `${value.text.slice(0, 40)}…` : value.text }, ...(confident ? { fix } : { suggest: [fix] }) });
          return;
        }
        if (number === undefined || number <= 1) return;
        context.report({ span: value, messageId: 'literal', severity, data: { count: number }, ...(confident ? { fix } : { suggest: [fix] }) });
      },
    };
  },
});
