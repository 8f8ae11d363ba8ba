/**
 * Hover (architecture §4.8): on a directive name its syntax, default, contexts, module, the
 * official description and a docs link, with our WebSocket note first when there is one; on a
 * `$variable` its description (or where the config defines it); on an upstream name in a
 * `*_pass` its servers and where the block is.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import {
  directiveSince,
  directiveDescription,
  formsIn,
  lookupDirective,
  lookupVariable,
  NOTES,
  variableDescription,
  VARIABLE_NOTES,
} from '../knowledge/nginx';
import type { DirectiveForm, NginxContext } from '../knowledge/nginx/types';
import type { ConfigNode, NginxModel, SourceFile } from '../languages/nginx/model';
import { LineIndex } from '../text/line-index';
import { relativePath, dirname } from '../text/paths';
import type { Span } from '../types';
import { argAt, findUpstream, upstreamNameIn, variableAt, variableDefinitions } from './cursor';

const MAX_DESCRIPTION = 4000;

const CONTEXT_LABELS: Partial<Record<NginxContext, string>> = {
  'if-in-server': 'if in server',
  'if-in-location': 'if in location',
  'stream-server': 'stream server',
  'stream-upstream': 'stream upstream',
  'mail-server': 'mail server',
};

function contextLabel(context: NginxContext): string {
  return CONTEXT_LABELS[context] ?? context;
}

function fence(lines: readonly string[]): string {
  return ['```nginx', ...lines, '```'].join('\n');
}

/** Keeps long official texts readable: cut at a paragraph boundary. */
function trimDescription(text: string): string {
  if (text.length <= MAX_DESCRIPTION) return text;
  const cut = text.lastIndexOf('\n\n', MAX_DESCRIPTION);
  return `${text.slice(0, cut > 0 ? cut : MAX_DESCRIPTION)}\n\n…`;
}

/** The documented syntax lines (`proxy_pass URL;`, `http { ... }`). */
export function syntaxLines(name: string, form: DirectiveForm): string[] {
  const lines = form.syntax.map((s) => s.trim()).filter((s) => s !== '');
  return lines.length > 0 ? lines : [`${name};`];
}

/** Markdown for one directive; `context` narrows the forms shown (http vs stream `proxy_pass`). */
export function directiveMarkdown(name: string, context: NginxContext | undefined): string | undefined {
  const spec = lookupDirective(name);
  if (!spec) return undefined;
  const inContext = context ? formsIn(spec, context) : [];
  const forms: readonly DirectiveForm[] = inContext.length > 0 ? inContext : spec.forms;
  const parts: string[] = [];
  const note = NOTES[name];
  const since = directiveSince(name);
  for (const form of forms) {
    parts.push(fence(syntaxLines(name, form)));
    const facts = [
      `**Default:** ${form.default !== undefined ? `\`${name} ${form.default};\`` : '—'}`,
      `**Context:** ${form.contexts.map(contextLabel).join(', ')}`,
      `**Module:** \`${form.module}\``,
    ];
    if (since && !note?.since) facts.push(`**Since:** nginx ${since}`);
    parts.push(facts.join('  \n'));
  }
  if (note) {
    parts.push(note.summary + (note.since ? ` (since nginx ${note.since})` : ''));
    if (note.websocket) parts.push(`**WebSocket:** ${note.websocket}`);
  }
  const primary = forms[0]!;
  const description = directiveDescription(name, primary.module);
  if (description) parts.push('---', trimDescription(description));
  parts.push(`[nginx.org: ${name}](${primary.url})`);
  return parts.join('\n\n');
}

function lineOf(file: SourceFile, offset: number): number {
  return new LineIndex(file.text).positionAt(offset).line + 1;
}

function where(node: ConfigNode, from: SourceFile): string {
  const name = node.file.path === from.path ? 'this file' : relativePath(dirname(from.path), node.file.path);
  return `${name}, line ${lineOf(node.file, node.directive.start)}`;
}

/** Markdown for `$name`, from the knowledge base and the model's own definitions. */
export function variableMarkdown(name: string, model: NginxModel | undefined, from: SourceFile | undefined): string | undefined {
  const parts: string[] = [`\`$${name}\``];
  const note = VARIABLE_NOTES[name];
  const spec = lookupVariable(name);
  const definitions = model ? variableDefinitions(model, name) : [];
  if (note) {
    parts.push(note.summary + (note.since ? ` (since nginx ${note.since})` : ''));
    if (note.websocket) parts.push(`**WebSocket:** ${note.websocket}`);
  }
  if (spec) {
    const description = variableDescription(name, spec.module);
    if (description) parts.push(...(note ? ['---'] : []), description);
    parts.push(`**Module:** \`${spec.module}\` · [nginx.org](${spec.url})`);
  } else if (/^\d+$/.test(name)) {
    parts.push('A capture of the last matched regular expression (location, if, rewrite, server_name, map).');
  }
  for (const { node } of definitions.slice(0, 3)) {
    const text = node.file.text.slice(node.directive.start, node.directive.block ? node.directive.block.start : node.directive.end).trim();
    parts.push(`Defined by \`${text.replace(/`/g, "'")}\` (${from ? where(node, from) : node.file.path}).`);
  }
  if (!spec && !note && definitions.length === 0 && !/^\d+$/.test(name)) {
    parts.push('Not a built-in nginx variable, and not defined by `map`, `geo` or `set` in this configuration.');
  }
  return parts.join('\n\n');
}

/** The upstream block as written, and where it is. */
export function upstreamMarkdown(upstream: ConfigNode, from: SourceFile): string {
  const name = upstream.directive.args[0]?.value ?? '';
  const lines = upstream.children.map((child) => {
    const text = child.file.text.slice(child.directive.start, child.directive.end);
    return `    ${text.replace(/\s*\n\s*/g, ' ')}`;
  });
  return [`**upstream** \`${name}\` (${where(upstream, from)})`, fence([`upstream ${name} {`, ...lines, '}'])].join('\n\n');
}

function hover(file: SourceFile, span: Span, value: string): Hover {
  const index = new LineIndex(file.text);
  return {
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: index.positionAt(span.start), end: index.positionAt(span.end) },
  };
}

export function doHover(model: NginxModel, path: string, offset: number): Hover | undefined {
  const file = model.files.get(path);
  if (!file) return undefined;
  const hit = argAt(model, file, offset);
  if (!hit) return undefined;
  if (hit.index === -1) {
    if (hit.arg.quote) return undefined;
    const markdown = directiveMarkdown(hit.arg.value, hit.node?.context);
    return markdown ? hover(file, hit.arg, markdown) : undefined;
  }
  const variable = variableAt(file.text, hit.arg, offset);
  if (variable) {
    const markdown = variableMarkdown(variable.name, model, file);
    return markdown ? hover(file, variable.span, markdown) : undefined;
  }
  if (hit.index === 0) {
    const upstreamName = upstreamNameIn(hit.directive.name.value, file.text, hit.arg);
    if (upstreamName && offset >= upstreamName.span.start && offset <= upstreamName.span.end) {
      const upstream = findUpstream(model, upstreamName.name);
      if (upstream) return hover(file, upstreamName.span, upstreamMarkdown(upstream, file));
    }
  }
  return undefined;
}
