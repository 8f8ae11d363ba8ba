/**
 * Completion (architecture §4.8): directive names valid in the block around the cursor (all
 * of them when the context cannot be known), enumerated values for a first argument
 * (`on`/`off`, `1.0 | 1.1`), variables after `$`, and upstream names after
 * `proxy_pass http://` or `uwsgi_pass `. It reads the current line as typed, so it works on a
 * half-written statement (`proxy_` with no `;`, an unclosed block).
 */
import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
  type Range,
} from 'vscode-languageserver-types';
import {
  DIRECTIVES,
  directivesForContext,
  directiveValues,
  formsIn,
  NOTES,
  VARIABLE_NOTES,
  VARIABLES,
} from '../knowledge/nginx';
import type { DirectiveSpec, NginxContext } from '../knowledge/nginx/types';
import type { NginxModel, SourceFile } from '../languages/nginx/model';
import { LineIndex } from '../text/line-index';
import { trailingRun } from '../text/words';
import { contextAt, isPassDirective, passSchemes } from './cursor';
import { syntaxLines, upstreamMarkdown, variableMarkdown } from './hover';

export interface LineState {
  /** Tokens of the current statement before the one being typed. */
  readonly previous: readonly string[];
  /** The token being typed, up to the cursor. */
  readonly current: string;
  /** The identifier characters right before the cursor (what an item replaces). */
  readonly word: string;
  /** The word follows `$` or `${`. */
  readonly variable: boolean;
}

/**
 * Reads the current line up to the cursor the way nginx's tokenizer would: quotes, `#`
 * comments at a token start, `;`/`{`/`}` ending a statement. Undefined inside a comment.
 */
export function readLine(prefix: string): LineState | undefined {
  let statementStart = 0;
  let quote: string | undefined;
  let tokenStart = true;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (tokenStart && (c === '"' || c === "'")) quote = c;
    else if (tokenStart && c === '#') return undefined;
    else if (c === ';' || (c === '{' && prefix[i - 1] !== '$') || (c === '}' && tokenStart)) statementStart = i + 1;
    tokenStart = c === ' ' || c === '\t' || c === ';' || c === '{' || c === '}';
  }
  const fragment = prefix.slice(statementStart);
  const word = trailingRun(fragment, /[A-Za-z0-9_]/);
  const before = fragment.slice(0, fragment.length - word.length);
  const tokens = before.trim() === '' ? [] : before.trim().split(/\s+/);
  const glued = before.length > 0 && !/\s$/.test(before);
  const current = glued ? `${tokens.pop() ?? ''}${word}` : word;
  const variable = /\$\{?$/.test(before);
  return { previous: tokens, current, word, variable };
}

function markdown(value: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value };
}

function directiveItem(spec: DirectiveSpec, context: NginxContext | undefined, range: Range): CompletionItem {
  const inContext = context ? formsIn(spec, context) : [];
  const form = inContext[0] ?? spec.forms[0]!;
  const note = NOTES[spec.name];
  const doc: string[] = [];
  if (note) doc.push(note.summary);
  if (note?.websocket) doc.push(`**WebSocket:** ${note.websocket}`);
  if (form.default !== undefined) doc.push(`Default: \`${spec.name} ${form.default};\``);
  doc.push(`\`${form.module}\` · [nginx.org](${form.url})`);
  return {
    label: spec.name,
    kind: form.block ? CompletionItemKind.Module : CompletionItemKind.Property,
    detail: syntaxLines(spec.name, form).join('  |  '),
    documentation: markdown(doc.join('\n\n')),
    textEdit: { range, newText: spec.name },
    // WebSocket-relevant directives first among equally good matches.
    sortText: `${note?.websocket ? '0' : '1'}${spec.name}`,
  };
}

function variableItems(model: NginxModel, file: SourceFile, range: Range): CompletionItem[] {
  const items = new Map<string, CompletionItem>();
  for (const [name, note] of Object.entries(VARIABLE_NOTES)) {
    if (!note.builtin && !model.definedVariables.has(name)) continue;
    items.set(name, {
      label: `$${name}`,
      filterText: name,
      kind: CompletionItemKind.Variable,
      detail: note.builtin ? 'nginx variable' : 'defined in this configuration',
      documentation: markdown([note.summary, note.websocket ? `**WebSocket:** ${note.websocket}` : ''].filter(Boolean).join('\n\n')),
      textEdit: { range, newText: name },
      sortText: `0${name}`,
    });
  }
  for (const name of model.definedVariables) {
    if (items.has(name)) continue;
    items.set(name, {
      label: `$${name}`,
      filterText: name,
      kind: CompletionItemKind.Variable,
      detail: 'defined in this configuration',
      documentation: markdown(variableMarkdown(name, model, file) ?? ''),
      textEdit: { range, newText: name },
      sortText: `0${name}`,
    });
  }
  for (const spec of VARIABLES) {
    if (items.has(spec.name)) continue;
    items.set(spec.name, {
      label: spec.prefix ? `$${spec.name}…` : `$${spec.name}`,
      filterText: spec.name,
      kind: CompletionItemKind.Variable,
      detail: spec.prefix ? `${spec.module} (any name after ${spec.name})` : spec.module,
      documentation: markdown(`[nginx.org](${spec.url})`),
      textEdit: { range, newText: spec.name },
      sortText: `1${spec.name}`,
    });
  }
  return [...items.values()];
}

function upstreamItems(model: NginxModel, file: SourceFile, range: Range, prefix: string): CompletionItem[] {
  return [...model.upstreams.values()].map((node) => {
    const name = node.directive.args[0]?.value ?? '';
    return {
      label: `${prefix}${name}`,
      kind: CompletionItemKind.Reference,
      detail: `upstream ${name}`,
      documentation: markdown(upstreamMarkdown(node, file)),
      textEdit: { range, newText: `${prefix}${name}` },
      sortText: `0${name}`,
    };
  });
}

function valueItems(name: string, range: Range): CompletionItem[] {
  const note = NOTES[name];
  const doc = note ? markdown([note.summary, note.websocket ? `**WebSocket:** ${note.websocket}` : ''].filter(Boolean).join('\n\n')) : undefined;
  return (directiveValues(name) ?? []).map((value, i) => ({
    label: value,
    kind: CompletionItemKind.Value,
    detail: `${name} ${value};`,
    ...(doc ? { documentation: doc } : {}),
    textEdit: { range, newText: value },
    sortText: String(i).padStart(3, '0'),
  }));
}

export function doComplete(model: NginxModel, path: string, offset: number): CompletionList {
  const empty: CompletionList = { isIncomplete: false, items: [] };
  const file = model.files.get(path);
  if (!file) return empty;
  const text = file.text;
  const index = new LineIndex(text);
  const lineStart = index.lineStartOf(offset);
  const state = readLine(text.slice(lineStart, offset));
  if (!state) return empty;
  const rangeFrom = (start: number): Range => ({ start: index.positionAt(start), end: index.positionAt(offset) });
  const wordRange = rangeFrom(offset - state.word.length);

  if (state.variable) return { isIncomplete: false, items: variableItems(model, file, wordRange) };

  if (state.previous.length === 0) {
    if (state.current !== state.word) return empty;
    const { context, inEntries } = contextAt(model, file, offset);
    if (inEntries) return empty;
    const specs = context ? directivesForContext(context) : DIRECTIVES;
    return { isIncomplete: false, items: specs.map((spec) => directiveItem(spec, context, wordRange)) };
  }

  const name = state.previous[0]!;
  const argIndex = state.previous.length - 1;
  if (argIndex !== 0) return empty;
  if (isPassDirective(name)) {
    const current = state.current.toLowerCase();
    const scheme = passSchemes(name).find((s) => s !== '' && current.startsWith(s));
    if (scheme !== undefined) return { isIncomplete: false, items: upstreamItems(model, file, wordRange, '') };
    if (passSchemes(name).includes('')) return { isIncomplete: false, items: upstreamItems(model, file, wordRange, '') };
    // `proxy_pass h|`: offer the whole `http://name`, replacing what was typed of the scheme.
    const schemes = passSchemes(name).filter((s) => s.startsWith(current));
    if (schemes.length > 0) {
      const range = rangeFrom(offset - state.current.length);
      return { isIncomplete: false, items: schemes.flatMap((s) => upstreamItems(model, file, range, s)) };
    }
    return empty;
  }
  return { isIncomplete: false, items: valueItems(name, wordRange) };
}
