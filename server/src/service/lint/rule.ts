/**
 * The shape of a rule: one file each, with meta, typed messages and a visitor keyed by
 * directive name (ESLint's rule module, with message ids checked by the compiler).
 */
import type { ConfigNode, NginxModel, SourceFile } from '../languages/nginx/model';
import type { Settings } from '../settings';
import type { Edit, Severity, Span } from '../types';
import type { Fixer } from './fixer';

export interface RuleMeta {
  /** One sentence; used by hover, the rule list, the JSON schema and the docs. */
  readonly description: string;
  readonly severity: Severity;
  readonly fixable?: 'fix' | 'suggestion';
  /**
   * What an error of this rule means: `startup`, nginx refuses the configuration (`nginx -t`
   * fails); `runtime`, nginx starts but requests fail (a hang, a 400, a 502, a silent fallback).
   * `none`: the finding is about the analysis itself. The real-nginx corpus test compares
   * only `startup` errors with `nginx -t`.
   */
  readonly failure: 'startup' | 'runtime' | 'none';
  /** Rules that explain a runtime failure proven on the real stack name the scenario here. */
  readonly since?: string;
}

export type FixBuilder = (fixer: Fixer) => Edit | readonly Edit[] | undefined;

export interface FixDescriptor {
  readonly title: string;
  readonly apply: FixBuilder;
}

export interface RelatedDescriptor {
  readonly node: ConfigNode | { readonly file: SourceFile; readonly span: Span };
  readonly message: string;
}

export interface NginxReport<M extends string> {
  /** The directive the finding is about. */
  readonly node?: ConfigNode;
  /** For findings not tied to a directive (parse errors): the file. */
  readonly file?: SourceFile;
  /** What to underline (an argument, the name); the whole directive by default. */
  readonly span?: Span;
  readonly messageId: M;
  readonly data?: Readonly<Record<string, string | number>>;
  /** Overrides the rule's default severity (e.g. lower confidence), unless the user set a level. */
  readonly severity?: Severity;
  /** Overrides meta.failure for this finding (a startup rule that also catches a runtime 502). */
  readonly failure?: RuleMeta['failure'];
  readonly fix?: FixDescriptor;
  readonly suggest?: readonly FixDescriptor[];
  readonly related?: readonly RelatedDescriptor[];
}

export interface NginxRuleContext<M extends string> {
  readonly model: NginxModel;
  readonly settings: Settings;
  readonly options: Readonly<Record<string, unknown>>;
  report(report: NginxReport<M>): void;
}

export type NginxHandler = (node: ConfigNode) => void;
export type NginxVisitor = { readonly [directive: string]: NginxHandler | undefined } & {
  readonly '*'?: NginxHandler;
  readonly ':exit'?: () => void;
};

export interface NginxRule<M extends string = string> {
  readonly id: `nginx/${string}`;
  readonly meta: RuleMeta;
  readonly messages: Readonly<Record<M, string>>;
  create(context: NginxRuleContext<M>): NginxVisitor;
}

export function defineNginxRule<M extends string>(rule: NginxRule<M>): NginxRule<M> {
  return rule;
}

/**
 * A fix for a confident finding, a suggestion for a guess: `--fix` and fix-all must not
 * rewrite a location that only looks like a WebSocket endpoint.
 */
export function fixIfConfident(confident: boolean, fix: FixDescriptor | undefined): { fix?: FixDescriptor; suggest?: readonly FixDescriptor[] } {
  if (!fix) return {};
  return confident ? { fix } : { suggest: [fix] };
}

export const DOCS_BASE = 'https://github.com/wsconf/wsconf/blob/main/docs/rules/';

export function docsUrlFor(ruleId: string): string {
  return `${DOCS_BASE}${ruleId}.md`;
}

/** Fills `{{name}}` placeholders. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
}
