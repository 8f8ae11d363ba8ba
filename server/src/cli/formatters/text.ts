/**
 * The default `--format text`: ESLint's "stylish" layout, grouped by file,
 *
 *     examples/app/sites-enabled/app
 *       12:5  error    The Upgrade header is not passed …  nginx/ws-missing-upgrade-header
 *
 *     ✖ 3 problems (2 errors, 1 warning, 0 infos)
 *
 * with 1-based lines and columns. Colours only when asked for (stdout is a TTY and NO_COLOR
 * is unset; the caller decides).
 */
import type { Severity } from '../../service/types';
import type { CliFinding } from './json';

export interface TextOptions {
  readonly color: boolean;
  /** Files linted, for the "no problems" line. */
  readonly fileCount: number;
}

const CODES = { red: [31, 39], yellow: [33, 39], cyan: [36, 39], green: [32, 39], dim: [2, 22], bold: [1, 22], underline: [4, 24] } as const;
type Style = keyof typeof CODES;

function painter(enabled: boolean): (style: Style, text: string) => string {
  return (style, text) => (enabled ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
}

const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = { error: 'red', warning: 'yellow', info: 'cyan' };

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Pads plain text (before colouring) to a column width. */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - text.length));
}

export function formatText(findings: readonly CliFinding[], options: TextOptions): string {
  const paint = painter(options.color);
  const groups = new Map<string, CliFinding[]>();
  for (const f of findings) {
    const list = groups.get(f.cwdFile);
    if (list) list.push(f);
    else groups.set(f.cwdFile, [f]);
  }
  const out: string[] = [];
  for (const [file, list] of groups) {
    out.push('', paint('underline', file));
    const rows = list.map((f) => ({
      where: `${f.range.start.line + 1}:${f.range.start.character + 1}`,
      severity: f.finding.severity,
      message: f.finding.message.replace(/\s*\n\s*/g, ' '),
      ruleId: f.finding.ruleId,
    }));
    // A reduce, not Math.max(...rows): a file with 200k findings would overflow the stack.
    const whereWidth = rows.reduce((max, r) => Math.max(max, r.where.length), 0);
    const severityWidth = rows.reduce((max, r) => Math.max(max, r.severity.length), 0);
    for (const r of rows) {
      out.push(
        `  ${paint('dim', pad(r.where, whereWidth))}  ${paint(SEVERITY_STYLE[r.severity], pad(r.severity, severityWidth))}  ${r.message}  ${paint('dim', r.ruleId)}`,
      );
    }
  }
  const errors = findings.filter((f) => f.finding.severity === 'error').length;
  const warnings = findings.filter((f) => f.finding.severity === 'warning').length;
  const infos = findings.length - errors - warnings;
  const fixable = findings.filter((f) => f.fixable).length;
  out.push('');
  if (findings.length === 0) {
    out.push(paint('green', `✔ No problems found in ${plural(options.fileCount, 'file')}.`));
  } else {
    const style: Style = errors > 0 ? 'red' : warnings > 0 ? 'yellow' : 'cyan';
    out.push(paint(style, paint('bold', `✖ ${plural(findings.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')})`)));
    if (fixable > 0) out.push(paint('dim', `  ${plural(fixable, 'problem')} can be fixed with the --fix option.`));
  }
  // A leading blank line separates the report from build output; drop it when nothing precedes the summary.
  if (findings.length === 0) out.shift();
  return `${out.join('\n')}\n`;
}
