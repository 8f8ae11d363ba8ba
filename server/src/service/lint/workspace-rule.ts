/**
 * Cross-file rules (`cross/*`): instead of a visitor over one file, `check(ctx)` reads the
 * whole deployment (workspace/workspace.ts) and reports on any file, with related
 * information pointing at the other end and fixes that may edit either file. The runner
 * applies levels, docs links and each file's suppression comments like the other linters.
 */
import type { Settings } from '../settings';
import type { Edit, Finding, Fix, RelatedInformation, Severity, Span } from '../types';
import type { Workspace } from '../workspace/workspace';
import { applySuppressions } from './disable-comments';
import { dedupeFindings, type LintRunOptions } from './linter';
import { docsUrlFor, formatMessage, type RuleMeta } from './rule';
import { pushAll } from '../arrays';

export interface WorkspaceFix {
  readonly title: string;
  /** Undefined entries (a fixer that refused, e.g. a Debian stock file) drop the whole fix. */
  readonly edits: readonly (Edit | undefined)[];
}

export interface WorkspaceReport<M extends string> {
  readonly file: string;
  readonly span: Span;
  readonly messageId: M;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly severity?: Severity;
  readonly fix?: WorkspaceFix;
  readonly suggest?: readonly WorkspaceFix[];
  readonly related?: readonly RelatedInformation[];
}

export interface WorkspaceRuleContext<M extends string> {
  readonly workspace: Workspace;
  readonly settings: Settings;
  readonly options: Readonly<Record<string, unknown>>;
  report(report: WorkspaceReport<M>): void;
}

export interface WorkspaceRule<M extends string = string> {
  readonly id: `cross/${string}`;
  readonly meta: RuleMeta;
  readonly messages: Readonly<Record<M, string>>;
  check(context: WorkspaceRuleContext<M>): void;
}

export function defineWorkspaceRule<M extends string>(rule: WorkspaceRule<M>): WorkspaceRule<M> {
  return rule;
}

function buildFix(descriptor: WorkspaceFix, kind: Fix['kind']): Fix | undefined {
  if (descriptor.edits.length === 0 || descriptor.edits.some((e) => e === undefined)) return undefined;
  return { title: descriptor.title, kind, edits: descriptor.edits as readonly Edit[] };
}

export function lintWorkspace(workspace: Workspace, rules: readonly WorkspaceRule[], settings: Settings, options: LintRunOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (options.only && !options.only.has(rule.id)) continue;
    const level = settings.rules[rule.id]?.level;
    if (level === 'off') continue;
    rule.check({
      workspace,
      settings,
      options: settings.rules[rule.id]?.options ?? {},
      report(r) {
        const fixes: Fix[] = [];
        const fix = r.fix && buildFix(r.fix, 'fix');
        if (fix) fixes.push(fix);
        for (const suggestion of r.suggest ?? []) {
          const built = buildFix(suggestion, 'suggestion');
          if (built) fixes.push(built);
        }
        findings.push({
          ruleId: rule.id,
          file: r.file,
          span: { start: r.span.start, end: r.span.end },
          severity: level ?? r.severity ?? rule.meta.severity,
          message: formatMessage(rule.messages[r.messageId] ?? r.messageId, r.data),
          fixes,
          ...(r.related && r.related.length > 0 ? { related: r.related } : {}),
          docsUrl: docsUrlFor(rule.id),
          failure: rule.meta.failure,
        });
      },
    });
  }
  const byFile = new Map<string, Finding[]>();
  for (const finding of dedupeFindings(findings)) {
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  const kept: Finding[] = [];
  for (const [path, list] of byFile) {
    const source = workspace.source(path);
    pushAll(kept, source ? applySuppressions(list, source.comments, source.text, options.usage).kept : list);
  }
  return kept;
}
