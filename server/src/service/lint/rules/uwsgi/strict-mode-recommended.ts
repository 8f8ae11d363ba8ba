/**
 * U-02. Without `strict`, uWSGI keeps every key it does not know as a placeholder and carries
 * on, so a typo or an option of a plugin that is not loaded disappears without a word. With
 * `strict = true` it stops at startup instead: verified on 2.0.21, `module` without the python
 * plugin aborts with "[strict-mode] unknown config directive: module". Custom keys used as
 * `%(name)` must then be declared with `set-placeholder = name=value` (uwsgi/unknown-option
 * fixes them). A suggestion, since it can stop a server that works today.
 *
 *     [uwsgi]                      # flagged without strict = true
 *     strict = true                # fine
 */
import { hasIncludes } from '../../../languages/uwsgi/deployment';
import { defineUwsgiRule } from '../../file-rule';
import { insertOption, mentions, sectionSpan } from '../../fixes/uwsgi-lines';

export default defineUwsgiRule({
  id: 'uwsgi/strict-mode-recommended',
  meta: { failure: 'none', description: 'strict = true makes uWSGI stop on unknown options instead of ignoring them.', severity: 'info', fixable: 'suggestion' },
  messages: {
    missing: 'Without `strict = true`, uWSGI silently ignores options it does not know (typos, options of plugins that are not loaded). Strict mode turns them into a startup error.',
  },
  create(context) {
    const file = context.file;
    return {
      ':exit'() {
        if (file.sections.every((s) => s.name !== 'uwsgi') || mentions(file, 'strict') || hasIncludes(file)) return;
        context.report({
          span: sectionSpan(file),
          messageId: 'missing',
          suggest: [{ title: 'Add strict = true', apply: (f) => insertOption(f, file, 'strict = true') }],
        });
      },
    };
  },
});
