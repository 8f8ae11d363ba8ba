/**
 * gunicorn checks a hook by counting its positional parameters (util.get_arity) and refuses
 * to start when the count differs: "Value must have an arity of: 1" (verified on Debian's
 * 20.1.0 with `def on_starting():` and with `def on_starting(*args):`, since `*args` and
 * `**kwargs` are not counted). `post_request` accepts 2, 3 or 4 parameters. Decorated
 * functions are skipped: the decorator may change the signature.
 *
 *     def post_fork(server):            # flagged: needs (server, worker)
 *     def post_fork(server, worker):    # fine
 */
import { availability, lookupSetting } from '../../../knowledge/gunicorn';
import { defineGunicornRule } from '../../file-rule';

export default defineGunicornRule({
  id: 'gunicorn/hook-signature',
  meta: { failure: 'startup', description: 'Server hooks must take the number of positional parameters gunicorn passes.', severity: 'error' },
  messages: {
    arity: 'gunicorn refuses to start: `{{name}}` must take {{expected}} positional parameter(s) ({{signature}}) but takes {{actual}}{{variadic}}.',
  },
  create(context) {
    return {
      ':exit'() {
        for (const hook of context.file.hooks) {
          const spec = lookupSetting(hook.name);
          if (!spec || spec.kind !== 'hook' || hook.decorated || availability(spec, context.settings.gunicornVersion) !== 'available') continue;
          const allowed = spec.arities ?? (spec.arity !== undefined ? [spec.arity] : []);
          if (allowed.length === 0 || allowed.includes(hook.params)) continue;
          context.report({
            span: hook.paramsSpan ?? hook.nameSpan,
            messageId: 'arity',
            data: {
              name: hook.name,
              expected: allowed.length > 1 ? `${allowed[0]} to ${allowed[allowed.length - 1]}` : allowed[0]!,
              signature: spec.defaultText.replace(/^def /, ''),
              actual: hook.params,
              variadic: hook.variadic ? ' (`*args`/`**kwargs` do not count)' : '',
            },
          });
        }
      },
    };
  },
});
