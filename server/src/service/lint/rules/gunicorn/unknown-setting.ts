/**
 * gunicorn reads every module variable of gunicorn.conf.py and silently skips names it does
 * not know (app/base.py: "Ignore unknown names"); the check is case-sensitive, so `Workers = 4`
 * is skipped too (verified with `--print-config` on 20.1.0). A misspelt setting therefore does
 * nothing, without any message. Names that are private (`_x`), imported, functions, read
 * elsewhere in the file (helper variables) or in CAPITALS with no close setting are left alone.
 * With `wsconf.gunicorn.version`, settings of other versions are reported too.
 *
 *     worker_clas = "gevent"     # flagged: did you mean worker_class?
 *     worker_class = "gevent"    # fine
 */
import { availability, lookupSetting, suggestSettings } from '../../../knowledge/gunicorn';
import { assignmentsOf } from '../../../languages/gunicorn/model';
import { defineGunicornRule, type FileFixDescriptor } from '../../file-rule';

export default defineGunicornRule({
  id: 'gunicorn/unknown-setting',
  meta: { failure: 'runtime', description: 'Module variables of gunicorn.conf.py should be gunicorn settings; gunicorn ignores unknown names without a word.', severity: 'warning', fixable: 'fix' },
  messages: {
    typo: '`{{name}}` is not a gunicorn setting, so gunicorn ignores it without a warning. Did you mean `{{suggestion}}`?',
    unknown: '`{{name}}` is not a gunicorn setting, so gunicorn ignores it. If it is a helper variable, start its name with `_`.',
    notYet: '`{{name}}` exists only from gunicorn {{since}}; gunicorn {{version}} ignores it without a warning.',
    removed: '`{{name}}` was removed in gunicorn {{removed}}; gunicorn {{version}} ignores it without a warning.',
    notHook: '`{{name}}` is not a gunicorn hook, so gunicorn never calls this function. Did you mean `{{suggestion}}`?',
  },
  create(context) {
    const { file, settings } = context;
    const version = settings.gunicornVersion;
    const imported = new Set(file.imports.flatMap((i) => i.names ?? []));
    const ignored = (name: string) => name.startsWith('_') || imported.has(name) || (file.references?.get(name)?.length ?? 0) > 0;
    const defined = (name: string) => file.assignments.some((a) => a.name === name) || file.hooks.some((h) => h.name === name);
    const rename = (name: string, suggestion: string, span: { start: number; end: number }): FileFixDescriptor => ({
      title: `Rename to ${suggestion}`,
      apply: (f) => f.replace(span, suggestion),
    });
    const reported = new Set<string>();
    return {
      ':exit'() {
        for (const assignment of file.assignments) {
          const { name } = assignment;
          if (ignored(name) || file.hooks.some((h) => h.name === name && !h.lambda)) continue;
          const spec = lookupSetting(name);
          if (spec) {
            const state = availability(spec, version);
            if (state === 'not-yet') context.report({ span: assignment.nameSpan, messageId: 'notYet', data: { name, since: spec.since ?? '', version: version ?? '' } });
            if (state === 'removed') context.report({ span: assignment.nameSpan, messageId: 'removed', data: { name, removed: spec.removed ?? '', version: version ?? '' } });
            continue;
          }
          const suggestions = suggestSettings(name, version);
          const [first] = suggestions;
          if (!first && /[A-Z]/.test(name)) continue;
          const key = `${name}@${assignment.nameSpan.start}`;
          if (reported.has(key)) continue;
          reported.add(key);
          if (!first) {
            context.report({ span: assignment.nameSpan, messageId: 'unknown', severity: 'info', data: { name } });
            continue;
          }
          // Renaming is safe when the target is unambiguous and not already set elsewhere.
          const fix = rename(name, first, assignment.nameSpan);
          const safe = (suggestions.length === 1 || first === name.toLowerCase()) && !defined(first) && assignmentsOf(file, name).length === 1;
          context.report({ span: assignment.nameSpan, messageId: 'typo', data: { name, suggestion: first }, ...(safe ? { fix } : { suggest: suggestions.slice(0, 3).map((s) => rename(name, s, assignment.nameSpan)) }) });
        }
        for (const hook of file.hooks) {
          if (hook.lambda || ignored(hook.name) || lookupSetting(hook.name)) continue;
          const candidates = suggestSettings(hook.name, version).filter((s) => lookupSetting(s)?.kind === 'hook');
          const [first] = candidates;
          if (!first || defined(first)) continue;
          context.report({ span: hook.nameSpan, messageId: 'notHook', data: { name: hook.name, suggestion: first }, ...(candidates.length === 1 ? { fix: rename(hook.name, first, hook.nameSpan) } : { suggest: candidates.slice(0, 3).map((s) => rename(hook.name, s, hook.nameSpan)) }) });
        }
      },
    };
  },
});
