/**
 * Runs gunicorn and uWSGI rules over one parsed file: each enabled rule's visitor is called
 * for the settings (options) it names, then `:exit`; suppression comments apply as in nginx.
 */
import type { PyConfig } from '../languages/gunicorn/model';
import type { IniFile } from '../languages/uwsgi/ast';
import { uwsgiEntries } from '../languages/uwsgi/ast';
import type { Settings } from '../settings';
import type { Edit, Finding, Fix, Span } from '../types';
import { applySuppressions } from './disable-comments';
import type { FileFixDescriptor, FileReport, GunicornRule, TextFixer, UwsgiRule } from './file-rule';
import { createTextFixer } from './file-rule';
import { dedupeFindings, type LintRunOptions } from './linter';
import type { RuleMeta } from './rule';
import { docsUrlFor, formatMessage } from './rule';

interface AnyFileRule {
  readonly id: string;
  readonly meta: RuleMeta;
  readonly messages: Readonly<Record<string, string>>;
}

function buildFix(descriptor: FileFixDescriptor, kind: Fix['kind'], fixer: TextFixer): Fix | undefined {
  const result = descriptor.apply(fixer);
  if (result === undefined) return undefined;
  const edits: Edit[] = Array.isArray(result) ? [...(result as readonly Edit[])] : [result as Edit];
  return edits.length > 0 ? { title: descriptor.title, kind, edits } : undefined;
}

/** The report function a rule gets; findings are pushed to `out`. */
function reporter(rule: AnyFileRule, path: string, text: string, settings: Settings, out: Finding[]) {
  const fixer = createTextFixer(path, text);
  const level = settings.rules[rule.id]?.level;
  return (r: FileReport<string>) => {
    const fixes: Fix[] = [];
    const fix = r.fix && buildFix(r.fix, 'fix', fixer);
    if (fix) fixes.push(fix);
    for (const suggestion of r.suggest ?? []) {
      const built = buildFix(suggestion, 'suggestion', fixer);
      if (built) fixes.push(built);
    }
    out.push({
      ruleId: rule.id,
      file: path,
      span: { start: r.span.start, end: r.span.end },
      severity: level && level !== 'off' ? level : (r.severity ?? rule.meta.severity),
      message: formatMessage(rule.messages[r.messageId] ?? r.messageId, r.data),
      fixes,
      ...(r.related && r.related.length > 0 ? { related: r.related } : {}),
      docsUrl: docsUrlFor(rule.id),
      failure: rule.meta.failure,
    });
  };
}

function enabled(rule: AnyFileRule, settings: Settings, options: LintRunOptions): boolean {
  if (options.only && !options.only.has(rule.id)) return false;
  return settings.rules[rule.id]?.level !== 'off';
}

/** The visitor's own handler for a key; names from user files such as `__proto__` find nothing. */
function handler<T>(visitor: { readonly [key: string]: unknown }, key: string): ((arg: T) => void) | undefined {
  const value = Object.hasOwn(visitor, key) ? visitor[key] : undefined;
  return typeof value === 'function' ? (value as (arg: T) => void) : undefined;
}

function finish(findings: Finding[], comments: readonly (Span & { readonly text: string })[], text: string, options: LintRunOptions): Finding[] {
  return applySuppressions(dedupeFindings(findings), comments, text, options.usage).kept;
}

export function lintGunicornConfig(
  path: string,
  config: PyConfig,
  rules: readonly GunicornRule[],
  settings: Settings,
  options: LintRunOptions = {},
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (!enabled(rule, settings, options)) continue;
    const report = reporter(rule, path, config.text, settings, findings);
    const visitor = rule.create({ file: config, path, settings, options: settings.rules[rule.id]?.options ?? {}, report });
    for (const assignment of config.assignments) handler<typeof assignment>(visitor, assignment.name)?.(assignment);
    visitor[':exit']?.();
  }
  return finish(findings, config.comments, config.text, options);
}

export function lintUwsgiConfig(
  path: string,
  file: IniFile,
  rules: readonly UwsgiRule[],
  settings: Settings,
  options: LintRunOptions = {},
): Finding[] {
  const findings: Finding[] = [];
  const entries = uwsgiEntries(file);
  for (const rule of rules) {
    if (!enabled(rule, settings, options)) continue;
    const report = reporter(rule, path, file.text, settings, findings);
    const visitor = rule.create({ file, path, settings, options: settings.rules[rule.id]?.options ?? {}, report });
    const wildcard = visitor['*'];
    for (const entry of entries) {
      handler<typeof entry>(visitor, entry.option)?.(entry);
      wildcard?.(entry);
    }
    visitor[':exit']?.();
  }
  return finish(findings, file.comments, file.text, options);
}
