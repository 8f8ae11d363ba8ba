/**
 * gunicorn passes each setting of the file through its validator (gunicorn/config.py) and
 * stops with "Invalid value for <name>" when one raises. Verified on Debian's 20.1.0:
 * `bind = 8000` ('int' object is not iterable), `reload = 1` (Invalid type for casting),
 * `workers = -1` (Value must be positive), `workers = "four"`, and
 * `forwarded_allow_ips = ["127.0.0.1", "10.0.0.1"]` (Not a string: it takes one
 * comma-separated string). Only literal values are checked, and only settings whose validator
 * we know from the installed 20.1.0 source.
 *
 *     bind = 8000                    # flagged
 *     bind = "127.0.0.1:8000"        # fine
 *     forwarded_allow_ips = "10.0.0.1,10.0.0.2"   # fine
 */
import { availability, lookupSetting, type SettingSpec } from '../../../knowledge/gunicorn';
import type { PyValueNode } from '../../../languages/gunicorn/model';
import { defineGunicornRule, type FileFixDescriptor } from '../../file-rule';

type Problem = { readonly reason: string; readonly fix?: string };

const PYTHON_TYPE: Readonly<Record<string, string>> = { str: 'a string', int: 'an integer', float: 'a float', bool: 'a boolean', none: 'None', list: 'a list', tuple: 'a tuple', dict: 'a dict' };

function quote(text: string): string {
  return JSON.stringify(text);
}

/** Mirrors gunicorn's validate_* on a literal; undefined when gunicorn accepts it (or we cannot tell). */
function check(spec: SettingSpec, value: PyValueNode): Problem | undefined {
  const type = PYTHON_TYPE[value.kind] ?? 'an expression';
  switch (spec.kind) {
    case 'int':
      if (value.kind === 'int' && value.value < 0) return { reason: 'it must not be negative' };
      if (value.kind === 'float') return { reason: 'it must be a whole number', fix: String(Math.trunc(value.value)) };
      if (value.kind === 'str' && !/^\s*[+-]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[1-9][0-9_]*|0+)\s*$/.test(value.value)) return { reason: `${quote(value.value)} is not a number` };
      if (value.kind === 'str' && /^\s*-/.test(value.value) && !/^\s*-0+\s*$/.test(value.value)) return { reason: 'it must not be negative' };
      if (value.kind === 'none' || value.kind === 'list' || value.kind === 'tuple' || value.kind === 'dict') return { reason: `it takes an integer, not ${type}` };
      return undefined;
    case 'bool':
      if (value.kind === 'str' && !['true', 'false'].includes(value.value.trim().toLowerCase())) return { reason: `only True, False or the strings "true"/"false" are accepted, not ${quote(value.value)}` };
      if (value.kind === 'int' || value.kind === 'float') return { reason: `it takes True or False, not ${type}`, ...(value.value === 0 || value.value === 1 ? { fix: value.value === 1 ? 'True' : 'False' } : {}) };
      if (value.kind === 'list' || value.kind === 'tuple' || value.kind === 'dict') return { reason: `it takes True or False, not ${type}` };
      return undefined;
    case 'string':
    case 'comma-list':
    case 'directory':
    case 'class': {
      const allowed = value.kind === 'str' || value.kind === 'none' || value.kind === 'expr';
      if (allowed) return undefined;
      const joined = (value.kind === 'list' || value.kind === 'tuple') && value.items.every((i) => i.kind === 'str') ? value.items.map((i) => (i.kind === 'str' ? i.value : '')).join(',') : undefined;
      if (spec.kind === 'comma-list' && joined !== undefined) return { reason: 'it takes one comma-separated string, not a list', fix: quote(joined) };
      return { reason: `it takes a string, not ${type}` };
    }
    case 'string-list':
    case 'file-list': {
      if (value.kind === 'int' || value.kind === 'float' || value.kind === 'bool') {
        const falsy = value.value === 0 || value.value === false;
        // No fix: for `bind = 8000` only the author knows which interface was meant.
        return falsy ? undefined : { reason: `it takes a string or a list of strings, not ${type}${spec.name === 'bind' ? ' (write "HOST:PORT")' : ''}` };
      }
      const bad = value.kind === 'list' || value.kind === 'tuple' ? value.items.find((i) => i.kind !== 'str' && i.kind !== 'none' && i.kind !== 'expr') : undefined;
      return bad ? { reason: `every item must be a string, and \`${bad.kind === 'int' || bad.kind === 'float' ? bad.value : PYTHON_TYPE[bad.kind]}\` is not` } : undefined;
    }
    case 'dict':
      return value.kind === 'dict' || value.kind === 'expr' ? undefined : { reason: `it takes a dict, not ${type}` };
    case 'choice':
      return value.kind === 'str' && spec.choices && !spec.choices.includes(value.value) ? { reason: `it must be one of ${spec.choices.map(quote).join(', ')}` } : undefined;
    case 'hook':
      return value.kind === 'expr' || value.kind === 'str' ? undefined : { reason: `it must be a function (or a "module.function" string), not ${type}` };
    default:
      return undefined;
  }
}

export default defineGunicornRule({
  id: 'gunicorn/invalid-value',
  meta: { failure: 'startup', description: 'A setting\'s literal value must pass gunicorn\'s own validation, or gunicorn refuses to start.', severity: 'error', fixable: 'fix' },
  messages: {
    invalid: 'gunicorn refuses to start with this `{{name}}`: {{reason}}.',
  },
  create(context) {
    const version = context.settings.gunicornVersion;
    return {
      ':exit'() {
        for (const assignment of context.file.assignments) {
          const spec = lookupSetting(assignment.name);
          // Settings added after 20.1.0 have validators we did not read; leave them alone.
          if (!spec || spec.since || assignment.augmented || availability(spec, version) !== 'available') continue;
          const problem = check(spec, assignment.value);
          if (!problem) continue;
          const replacement = problem.fix;
          const fix: FileFixDescriptor | undefined = replacement === undefined ? undefined : { title: `Use ${replacement}`, apply: (f) => f.replace(assignment.value, replacement) };
          context.report({ span: assignment.value, messageId: 'invalid', data: { name: assignment.name, reason: problem.reason }, ...(fix ? { fix } : {}) });
        }
      },
    };
  },
});
