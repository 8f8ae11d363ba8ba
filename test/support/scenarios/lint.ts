/**
 * What wsconf says about a scenario's files (the substituted copy the servers run), and the
 * quick fix of one rule applied the way the editor applies it: the first fix carried by each of
 * that rule's findings (a `fix` when there is one, else the suggestion), every file it edits.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createNodeHost } from '../../../server/src/lsp/node-host';
import { applyFixGroups, createLanguageService, LineIndex, type Edit, type Finding, type Settings } from '../../../server/src/service/index';
import { configFiles, PING_INTERVAL } from './stack';

/** The stack under test, as a project would declare it in .wsconf.json. */
export const STACK_SETTINGS: Partial<Settings> = {
  nginxVersion: '1.22.1',
  gunicornVersion: '20.1.0',
  engineioVersion: '4.3.4',
  uwsgiBuild: 'debian',
  pingInterval: PING_INTERVAL,
};

export interface ReportedFinding {
  readonly rule: string;
  readonly severity: Finding['severity'];
  readonly file: string;
  readonly line: number;
  readonly message: string;
  readonly fixable: boolean;
}

function lintRaw(dir: string): readonly Finding[] {
  const service = createLanguageService({ host: createNodeHost(), settings: STACK_SETTINGS });
  return service.lint(configFiles(dir)).findings;
}

export function lintScenario(dir: string): ReportedFinding[] {
  return lintRaw(dir)
    .map((f) => {
      const text = fs.existsSync(f.file) ? fs.readFileSync(f.file, 'utf8') : '';
      return {
        rule: f.ruleId,
        severity: f.severity,
        file: path.relative(dir, f.file),
        line: new LineIndex(text).positionAt(f.span.start).line + 1,
        message: f.message,
        fixable: f.fixes.length > 0,
      };
    })
    .sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

/**
 * Copies the config files of `from` to `to` and applies `rule`'s quick fixes there.
 * Returns the number of findings whose fix was applied (0: the rule offers none).
 */
export function applyRuleFix(from: string, to: string, rule: string): number {
  for (const file of fs.readdirSync(from)) {
    const source = path.join(from, file);
    if (fs.statSync(source).isFile() && !file.endsWith('.log') && !file.endsWith('.pid')) fs.copyFileSync(source, path.join(to, file));
  }
  fs.mkdirSync(path.join(to, 'tmp'), { recursive: true });
  const groups = new Map<string, Edit[][]>();
  let applied = 0;
  for (const finding of lintRaw(from)) {
    if (finding.ruleId !== rule) continue;
    const fix = finding.fixes.find((f) => f.kind === 'fix') ?? finding.fixes[0];
    if (!fix) continue;
    applied++;
    for (const file of new Set(fix.edits.map((e) => e.file))) {
      const target = path.join(to, path.relative(from, file));
      const list = groups.get(target) ?? [];
      list.push(fix.edits.filter((e) => e.file === file).map((e) => ({ ...e, file: target })));
      groups.set(target, list);
    }
  }
  for (const [file, fileGroups] of groups) {
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, applyFixGroups(text, fileGroups).text);
  }
  return applied;
}
