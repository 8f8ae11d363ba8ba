/**
 * `--format github`: GitHub Actions workflow commands, one per finding, which the Actions
 * runner turns into annotations on the pull request:
 *   ::error file=nginx/sites-enabled/app,line=12,col=5,endLine=12,endColumn=30,title=nginx/ws-missing-upgrade-header::message
 * Paths are relative to the current directory (run it from the repository root); lines and
 * columns are 1-based. `info` becomes `notice`.
 */
import type { Severity } from '../../service/types';
import type { CliFinding } from './json';

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping of the message part (actions/toolkit `escapeData`). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value (actions/toolkit `escapeProperty`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(findings: readonly CliFinding[]): string {
  return findings
    .map((f) => {
      const props = [
        `file=${escapeProperty(f.cwdFile)}`,
        `line=${f.range.start.line + 1}`,
        `col=${f.range.start.character + 1}`,
        `endLine=${f.range.end.line + 1}`,
        `endColumn=${f.range.end.character + 1}`,
        `title=${escapeProperty(f.finding.ruleId)}`,
      ].join(',');
      return `::${COMMAND[f.finding.severity]} ${props}::${escapeData(f.finding.message)}\n`;
    })
    .join('');
}
