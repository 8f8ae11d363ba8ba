/**
 * A `# wsconf-disable-next-line` or `# wsconf-disable-file` comment that silenced nothing in
 * this run (like ESLint's `--report-unused-disable-directives`). A stale comment is not
 * harmless: it keeps hiding the rule, so a real problem added there later goes unseen. The
 * same check runs in nginx, gunicorn and uWSGI files.
 *
 * - A comment whose rule ids all reported nothing is flagged as a whole; the fix deletes it.
 * - In a comment that did silence something, each id that silenced nothing is flagged; the
 *   fix removes that id (never the last one: a comment without ids silences every rule).
 * - An id that is no wsconf rule (a typo) is flagged, with a "did you mean" suggestion.
 *
 * Ids of rules that are turned off, and of cross-file rules when the run had no gunicorn or
 * uWSGI config to link to, are not judged. To keep a comment on purpose, name this rule in a
 * `# wsconf-disable-file wsconf/unused-disable` comment or turn it off in `.wsconf.json`.
 *
 *     # wsconf-disable-next-line nginx/ws-read-timeout    # flagged when the next line is fine
 *     # wsconf-disable-file nginx/unknwon-directive       # flagged: not a rule id
 */
import { didYouMean } from '../../../knowledge/did-you-mean';
import type { NginxModel } from '../../../languages/nginx/model';
import type { AppConfig } from '../../../workspace/workspace';
import type { Settings } from '../../../settings';
import type { Edit, Finding, Fix, Span } from '../../../types';
import { disableDirectives, type DisableDirective, type DisableId, type SuppressionUsage } from '../../disable-comments';
import { docsUrlFor, formatMessage, type RuleMeta } from '../../rule';

export interface SuppressionRule {
  readonly id: `wsconf/${string}`;
  readonly meta: RuleMeta;
  readonly messages: Readonly<Record<string, string>>;
}

export const UNUSED_DISABLE_ID = 'wsconf/unused-disable';

const rule = {
  id: UNUSED_DISABLE_ID,
  meta: {
    failure: 'none',
    description: 'A wsconf-disable comment must silence a problem; one that silences nothing would hide future ones.',
    severity: 'warning',
    fixable: 'fix',
  },
  messages: {
    unused: 'This comment silences nothing: {{ids}} reports no problem {{where}}. Remove it, or it will hide a real problem later.',
    unusedAll: 'This comment silences nothing: no rule reports a problem {{where}}. Remove it, or it will hide a real problem later.',
    unusedId: '`{{id}}` reports no problem {{where}}; remove it from this comment.',
    unknownId: '`{{id}}` is not a wsconf rule id, so it silences nothing.{{hint}}',
  },
} as const satisfies SuppressionRule;

export default rule as SuppressionRule;

type MessageId = keyof typeof rule.messages;

/** A file whose suppression comments are judged. */
export interface SuppressionSource {
  readonly path: string;
  readonly text: string;
  readonly comments: readonly (Span & { readonly text: string })[];
}

export interface UnusedDisableInput {
  readonly sources: Iterable<SuppressionSource>;
  readonly usage: SuppressionUsage;
  readonly settings: Settings;
  /** Every rule id wsconf has. */
  readonly knownIds: readonly string[];
  /** Whether `ruleId` ran over the sources, so that silence means it found nothing. */
  readonly ran: (ruleId: string) => boolean;
}

/** The files of a lint run whose comments are judged: the nginx files of `models` and the app configs (each once). */
export function suppressionSources(models: ReadonlyMap<string, NginxModel>, apps: readonly (AppConfig | undefined)[]): SuppressionSource[] {
  const sources = new Map<string, SuppressionSource>();
  for (const model of models.values()) {
    for (const [path, file] of model.files) if (!file.virtual && !sources.has(path)) sources.set(path, { path, text: file.text, comments: file.ast.comments });
  }
  for (const app of apps) {
    if (app?.kind === 'gunicorn') sources.set(app.path, { path: app.path, text: app.config.text, comments: app.config.comments });
    else if (app) sources.set(app.path, { path: app.path, text: app.file.text, comments: app.file.comments });
  }
  return [...sources.values()];
}

/** The unused suppression comments of `sources`, after a lint run recorded in `usage`. */
export function findUnusedDisables(input: UnusedDisableInput): Finding[] {
  const level = input.settings.rules[UNUSED_DISABLE_ID]?.level;
  if (level === 'off') return [];
  const known = new Set(input.knownIds);
  const out: Finding[] = [];
  for (const source of input.sources) {
    const directives = disableDirectives(source.comments, source.text);
    if (directives.length === 0) continue;
    const found: Finding[] = [];
    const report = (span: Span, messageId: MessageId, data: Record<string, string>, fixes: Fix[], unnecessary: boolean) =>
      found.push({
        ruleId: UNUSED_DISABLE_ID,
        file: source.path,
        span: { start: span.start, end: span.end },
        severity: level ?? rule.meta.severity,
        message: formatMessage(rule.messages[messageId], data),
        fixes,
        ...(unnecessary ? { tags: ['unnecessary' as const] } : {}),
        docsUrl: docsUrlFor(UNUSED_DISABLE_ID),
        failure: 'none',
      });
    for (const directive of directives) {
      const where = directive.kind === 'file' ? 'in this file' : 'on the next line';
      const removeComment: Fix = { title: 'Remove this wsconf-disable comment', kind: 'fix', edits: [removeCommentEdit(source, directive.span)] };
      if (directive.ids.length === 0) {
        if (!input.usage.wasUsed(source.path, directive)) report(directive.span, 'unusedAll', { where }, [removeComment], true);
        continue;
      }
      const unknown = directive.ids.filter((i) => !known.has(i.id));
      const unused = directive.ids.filter(
        (i) => known.has(i.id) && i.id !== UNUSED_DISABLE_ID && input.ran(i.id) && !input.usage.wasUsed(source.path, directive, i.id),
      );
      if (unknown.length === 0 && unused.length === directive.ids.length) {
        const ids = directive.ids.map((i) => `\`${i.id}\``).join(', ');
        report(directive.span, 'unused', { ids, where }, [removeComment], true);
        continue;
      }
      for (const id of unused) {
        report(id, 'unusedId', { id: id.id, where }, [{ title: `Remove ${id.id} from this comment`, kind: 'fix', edits: [removeIdEdit(source, directive, id)] }], true);
      }
      for (const id of unknown) {
        const hint = didYouMean(id.id, input.knownIds, 3)[0];
        const fixes: Fix[] = [];
        if (hint) fixes.push({ title: `Change to ${hint}`, kind: 'suggestion', edits: [{ file: source.path, start: id.start, end: id.end, text: hint }] });
        const removal = directive.ids.length === 1 ? removeCommentEdit(source, directive.span) : removeIdEdit(source, directive, id);
        fixes.push({ title: `Remove ${id.id} from this comment`, kind: 'suggestion', edits: [removal] });
        report(id, 'unknownId', { id: id.id, hint: hint ? ` Did you mean \`${hint}\`?` : '' }, fixes, false);
      }
    }
    // Comments that name this rule keep the comments they cover.
    const keepers = directives.filter((d) => d.ruleIds.includes(UNUSED_DISABLE_ID));
    if (keepers.length === 0) {
      for (const finding of found) out.push(finding);
      continue;
    }
    for (const finding of found) {
      const line = lineOf(source.text, finding.span.start);
      if (!keepers.some((d) => d.kind === 'file' || d.line === line)) out.push(finding);
    }
  }
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Deletes the comment: its whole line when nothing else is on it, else the comment and the blanks before it. */
function removeCommentEdit(source: SuppressionSource, span: Span): Edit {
  const { text } = source;
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  if (text.slice(lineStart, span.start).trim() === '') {
    let end = span.end;
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
    return { file: source.path, start: lineStart, end, text: '' };
  }
  let start = span.start;
  while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { file: source.path, start, end: span.end, text: '' };
}

/** Deletes one id and the separator that ties it to its neighbour (the comment keeps at least one id). */
function removeIdEdit(source: SuppressionSource, directive: DisableDirective, id: DisableId): Edit {
  const index = directive.ids.indexOf(id);
  const previous = directive.ids[index - 1];
  if (previous) return { file: source.path, start: previous.end, end: id.end, text: '' };
  const next = directive.ids[index + 1];
  return { file: source.path, start: id.start, end: next ? next.start : id.end, text: '' };
}
