/**
 * Runs the nginx rules over a model: one walk over every directive, dispatching to each
 * enabled rule's visitor by directive name (ESLint's design), then suppression comments.
 */
import type { NginxModel } from '../languages/nginx/model';
import { forEachNode } from '../languages/nginx/model';
import type { Settings } from '../settings';
import type { Edit, Finding, Fix, Severity } from '../types';
import { applySuppressions, type SuppressionUsage } from './disable-comments';
import { fixer } from './fixer';
import type { FixDescriptor, NginxHandler, NginxReport, NginxRule } from './rule';
import { docsUrlFor, formatMessage } from './rule';
import { pushAll } from '../arrays';

export interface LintRunOptions {
  /** Run only these rule ids (tests); every enabled rule otherwise. */
  readonly only?: ReadonlySet<string>;
  /** Records which suppression comments silenced which findings (for wsconf/unused-disable). */
  readonly usage?: SuppressionUsage;
}

function levelOf(rule: NginxRule, settings: Settings): Severity | 'off' | undefined {
  return settings.rules[rule.id]?.level;
}

function buildFix(descriptor: FixDescriptor, kind: Fix['kind']): Fix | undefined {
  const result = descriptor.apply(fixer);
  const edits: Edit[] = result === undefined ? [] : Array.isArray(result) ? [...(result as readonly Edit[])] : [result as Edit];
  const defined = edits.filter((e): e is Edit => e !== undefined);
  if (defined.length === 0 || defined.length !== edits.length) return undefined;
  return { title: descriptor.title, kind, edits: defined };
}

export function lintNginxModel(model: NginxModel, rules: readonly NginxRule[], settings: Settings, options: LintRunOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const handlers = new Map<string, NginxHandler[]>();
  const wildcard: NginxHandler[] = [];
  const exits: (() => void)[] = [];

  for (const rule of rules) {
    if (options.only && !options.only.has(rule.id)) continue;
    const level = levelOf(rule, settings);
    if (level === 'off') continue;
    const report = (r: NginxReport<string>) => {
      // A finding on a line of a Debian stock file (proxy_params) is shown on its `include`.
      let node = r.node;
      while (node && node.file.virtual && node.includedBy) node = node.includedBy;
      const file = node?.file ?? r.file;
      if (!file || file.virtual) return;
      const span = (node === r.node ? r.span : undefined) ?? node?.directive ?? r.span ?? { start: 0, end: 0 };
      const template = rule.messages[r.messageId] ?? r.messageId;
      const fixes: Fix[] = [];
      if (r.fix) {
        const fix = buildFix(r.fix, 'fix');
        if (fix) fixes.push(fix);
      }
      for (const suggestion of r.suggest ?? []) {
        const fix = buildFix(suggestion, 'suggestion');
        if (fix) fixes.push(fix);
      }
      const related = (r.related ?? []).flatMap((rel) => {
        const target = 'directive' in rel.node ? { file: rel.node.file, span: rel.node.directive as { start: number; end: number } } : rel.node;
        return target.file.virtual ? [] : [{ file: target.file.path, span: { start: target.span.start, end: target.span.end }, message: rel.message }];
      });
      findings.push({
        ruleId: rule.id,
        file: file.path,
        span: { start: span.start, end: span.end },
        severity: level ?? r.severity ?? rule.meta.severity,
        message: formatMessage(template, r.data),
        fixes,
        ...(related.length > 0 ? { related } : {}),
        docsUrl: docsUrlFor(rule.id),
        failure: r.failure ?? rule.meta.failure,
      });
    };
    const visitor = rule.create({ model, settings, options: settings.rules[rule.id]?.options ?? {}, report });
    for (const [key, handler] of Object.entries(visitor)) {
      if (!handler) continue;
      if (key === '*') wildcard.push(handler as NginxHandler);
      else if (key === ':exit') exits.push(handler as () => void);
      else {
        const list = handlers.get(key);
        if (list) list.push(handler as NginxHandler);
        else handlers.set(key, [handler as NginxHandler]);
      }
    }
  }

  forEachNode(model.top, (node) => {
    const list = handlers.get(node.name);
    if (list) for (const handler of list) handler(node);
    for (const handler of wildcard) handler(node);
  });
  for (const exit of exits) exit();

  return suppress(dedupeFindings(findings), model, options.usage);
}

/** A file included twice yields the same finding twice; keep one. */
export function dedupeFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\u0000${f.file}\u0000${f.span.start}\u0000${f.span.end}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function suppress(findings: readonly Finding[], model: NginxModel, usage: SuppressionUsage | undefined): Finding[] {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  const kept: Finding[] = [];
  for (const [path, list] of byFile) {
    const file = model.files.get(path);
    if (!file) {
      pushAll(kept, list);
      continue;
    }
    pushAll(kept, applySuppressions(list, file.ast.comments, file.text, usage).kept);
  }
  return kept;
}
