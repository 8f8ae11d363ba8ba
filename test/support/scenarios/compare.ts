/**
 * The scenario expectation file (`expect.json`) and the comparison of a recorded run with it.
 * Pure: no processes, so the comparison itself is unit-tested (test/unit/scenario-compare.test.ts).
 */
import { CHECKS, type Check, type Outcome } from './probe';

export interface ExpectedFinding {
  readonly rule: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** Applying this rule's quick fix must make every check pass. */
  readonly fix?: boolean;
}

export interface Expectation {
  /** One line: the configuration and why it matters. */
  readonly description: string;
  /**
   * What really happens, check by check (all true: the config works). `null`: not compared,
   * because it depends on which process the kernel or nginx hands a request to.
   */
  readonly real: Readonly<Record<Check, boolean | null>>;
  /** What wsconf must say. Every error-level finding must be listed here. */
  readonly wsconf: readonly ExpectedFinding[];
  /**
   * Why every client fails here and yet a warning is right: what the files cannot show (e.g.
   * the port browsers use when a load balancer sits in front). Without it, a total failure
   * needs an error-level finding.
   */
  readonly warningOnly?: string;
}

export interface RecordedFinding {
  readonly rule: string;
  readonly severity: string;
  readonly file?: string;
  readonly line?: number;
}

export interface FixRun {
  readonly rule: string;
  /** Findings whose fix was applied (0: the rule carried no fix). */
  readonly applied: number;
  /** The checks on the fixed files. */
  readonly outcome?: Pick<Outcome, Check>;
  /** Whether the rule still fires on the fixed files. */
  readonly stillReported?: boolean;
}

export interface ScenarioRun {
  readonly outcome: Pick<Outcome, Check>;
  readonly findings: readonly RecordedFinding[];
  readonly fixes: readonly FixRun[];
}

export function passes(outcome: Pick<Outcome, Check>): boolean {
  return CHECKS.every((c) => outcome[c]);
}

/** Checks an expectation file's shape; returns the problems (empty: valid). */
export function validateExpectation(value: unknown): string[] {
  const problems: string[] = [];
  const e = value as Partial<Expectation> | null;
  if (typeof e !== 'object' || e === null) return ['not an object'];
  if (typeof e.description !== 'string' || e.description === '') problems.push('"description" must be a non-empty string');
  if (typeof e.real !== 'object' || e.real === null) problems.push('"real" must be an object');
  else for (const c of CHECKS) if (typeof e.real[c] !== 'boolean' && e.real[c] !== null) problems.push(`"real.${c}" must be true, false or null`);
  if (!Array.isArray(e.wsconf)) problems.push('"wsconf" must be an array');
  else
    e.wsconf.forEach((f: Partial<ExpectedFinding>, i) => {
      if (typeof f.rule !== 'string') problems.push(`"wsconf[${i}].rule" must be a rule id`);
      if (!['error', 'warning', 'info'].includes(f.severity as string)) problems.push(`"wsconf[${i}].severity" must be error, warning or info`);
      if (f.fix !== undefined && typeof f.fix !== 'boolean') problems.push(`"wsconf[${i}].fix" must be true or false`);
    });
  if (e.warningOnly !== undefined && (typeof e.warningOnly !== 'string' || e.warningOnly === '')) problems.push('"warningOnly" must be a non-empty string');
  return problems;
}

/**
 * Every way the run disagrees with the expectation, and every way wsconf disagrees with the
 * real stack; empty when the scenario passes.
 */
export function compareRun(expected: Expectation, run: ScenarioRun): string[] {
  const problems: string[] = [];
  for (const c of CHECKS) {
    if (expected.real[c] !== null && run.outcome[c] !== expected.real[c]) problems.push(`real stack: ${c} was ${run.outcome[c] ? 'ok' : 'failing'}, expected ${expected.real[c] ? 'ok' : 'failing'}`);
  }
  for (const want of expected.wsconf) {
    const same = run.findings.filter((f) => f.rule === want.rule);
    if (same.length === 0) problems.push(`wsconf: expected ${want.rule} (${want.severity}), not reported`);
    else if (!same.some((f) => f.severity === want.severity)) problems.push(`wsconf: ${want.rule} reported as ${same.map((f) => f.severity).join('/')}, expected ${want.severity}`);
  }
  const listed = new Set(expected.wsconf.filter((f) => f.severity === 'error').map((f) => f.rule));
  for (const f of run.findings) {
    if (f.severity === 'error' && !listed.has(f.rule)) problems.push(`wsconf: unexpected error ${f.rule}${f.file ? ` in ${f.file}:${f.line ?? '?'}` : ''}`);
  }
  // The properties the suite exists for, independent of what the expectation file claims.
  if (passes(run.outcome)) {
    for (const f of run.findings) if (f.severity === 'error') problems.push(`false alarm: the stack works but wsconf reports ${f.rule} as an error`);
  } else {
    if (!run.findings.some((f) => f.severity === 'error' || f.severity === 'warning')) problems.push('miss: the stack fails but wsconf reports no error or warning');
    if (!run.outcome.handshake && !run.findings.some((f) => f.severity === 'error') && expected.warningOnly === undefined) {
      problems.push('miss: every client fails but wsconf reports no error');
    }
  }
  for (const want of expected.wsconf.filter((f) => f.fix)) {
    const fix = run.fixes.find((r) => r.rule === want.rule);
    if (!fix) problems.push(`fix: ${want.rule}'s quick fix was not tried`);
    else if (fix.applied === 0) problems.push(`fix: ${want.rule} carried no quick fix`);
    else if (!fix.outcome || !passes(fix.outcome)) {
      const failing = fix.outcome ? CHECKS.filter((c) => !fix.outcome?.[c]).join(', ') : 'not run';
      problems.push(`fix: after ${want.rule}'s quick fix the stack still fails (${failing})`);
    } else if (fix.stillReported) problems.push(`fix: ${want.rule} still reported after its own quick fix`);
  }
  return problems;
}
