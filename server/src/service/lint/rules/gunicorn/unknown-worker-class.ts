/**
 * G-05. A worker class gunicorn cannot load stops it at startup, after the config was read:
 * `-k gevent_websocket` fails with "class uri 'gevent_websocket' invalid or not found" /
 * "Entry point ('gunicorn.workers', 'gevent_websocket') not found", and `--check-config` does
 * not notice (exit 0; both verified on Debian's 20.1.0). Flagged: a short name that is not a
 * built-in of the target version (`asgi` before 24.0.0), a class under `gunicorn.workers` that
 * does not exist, and a near miss of a well-known class path. Other dotted paths may be the
 * project's own classes and are trusted.
 *
 *     worker_class = "gevent_websocket"       # flagged
 *     worker_class = "gevent"                 # fine
 */
import { workerProblem } from '../../../knowledge/gunicorn';
import type { PyAssignment } from '../../../languages/gunicorn/model';
import { defineGunicornRule, type FileFixDescriptor } from '../../file-rule';

function replaceWith(assignment: PyAssignment, value: string): FileFixDescriptor {
  return { title: `Use ${value}`, apply: (f) => f.replace(assignment.value, JSON.stringify(value)) };
}

export default defineGunicornRule({
  id: 'gunicorn/unknown-worker-class',
  meta: { failure: 'startup', description: 'worker_class must name a worker gunicorn can load.', severity: 'error', fixable: 'suggestion' },
  messages: {
    unknown: 'gunicorn has no worker called `{{name}}` and will not start ("class uri invalid or not found"; `--check-config` does not catch it).{{hint}}',
    notYet: 'The `{{name}}` worker exists only from gunicorn {{since}}; gunicorn {{version}} will not start with it.{{hint}}',
    gunicornClass: '`{{name}}` is not one of gunicorn\'s worker classes; gunicorn will not start.{{hint}}',
    misspelt: '`{{name}}` looks like a misspelt worker class; gunicorn will not start unless it can import it.{{hint}}',
    notPath: '`{{name}}` is neither a worker name nor a `package.module.Class` path; gunicorn will not start.',
  },
  create(context) {
    const { settings } = context;
    return {
      // Every assignment, so that each branch of an `if` is checked.
      worker_class(assignment) {
        if (assignment.value.kind !== 'str' || assignment.augmented) return;
        const value = assignment.value.value;
        const problem = workerProblem(value, settings.gunicornVersion);
        if (!problem) return;
        const suggestions = 'suggestions' in problem ? problem.suggestions : problem.kind === 'not-yet' ? ['uvicorn.workers.UvicornWorker', 'uvicorn_worker.UvicornWorker'] : [];
        const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(' or ')}?` : '';
        const messageId = problem.kind === 'unknown-short-name' ? 'unknown' : problem.kind === 'not-yet' ? 'notYet' : problem.kind === 'unknown-gunicorn-class' ? 'gunicornClass' : problem.kind === 'misspelt-class' ? 'misspelt' : 'notPath';
        context.report({
          span: assignment.value,
          messageId,
          data: { name: value, hint, since: problem.kind === 'not-yet' ? problem.since : '', version: settings.gunicornVersion ?? '' },
          suggest: suggestions.map((s) => replaceWith(assignment, s)),
        });
      },
    };
  },
});
