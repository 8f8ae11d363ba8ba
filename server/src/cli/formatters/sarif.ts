/**
 * `--format sarif`: SARIF 2.1.0 for code-scanning upload (github/codeql-action/upload-sarif).
 * Regions are 1-based, columns in UTF-16 code units (SARIF's default columnKind), paths
 * relative to the current directory.
 */
import type { Severity } from '../../service/types';
import type { CliFinding } from './json';

export interface SarifRule {
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  readonly docsUrl: string;
}

const LEVEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'note' };

function uri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function formatSarif(findings: readonly CliFinding[], rules: readonly SarifRule[], version: string): string {
  const used = new Set(findings.map((f) => f.finding.ruleId));
  const driverRules = rules.filter((r) => used.has(r.id));
  const index = new Map(driverRules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'wsconf',
            version,
            informationUri: 'https://github.com/wsconf/wsconf',
            rules: driverRules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              helpUri: r.docsUrl,
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.finding.ruleId,
          ...(index.has(f.finding.ruleId) ? { ruleIndex: index.get(f.finding.ruleId) } : {}),
          level: LEVEL[f.finding.severity],
          message: { text: f.finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.cwdFile.startsWith('/') ? `file://${uri(f.cwdFile)}` : uri(f.cwdFile) },
                region: {
                  startLine: f.range.start.line + 1,
                  startColumn: f.range.start.character + 1,
                  endLine: f.range.end.line + 1,
                  endColumn: f.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
