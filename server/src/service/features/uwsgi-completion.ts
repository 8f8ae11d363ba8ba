/**
 * Completion in a uwsgi.ini, from the line as typed: option names at the start of a line (the
 * options that matter for WebSockets first), values after `=` (`true`/`false` for flags, known
 * enumerations such as plugin lists and protocols), placeholder names after `%(`, and `uwsgi`
 * inside a section header.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type Range } from 'vscode-languageserver-types';
import { allOptionNames, lookupOption, noteOf } from '../knowledge/uwsgi';
import type { IniFile } from '../languages/uwsgi/ast';
import { uwsgiEntries } from '../languages/uwsgi/ast';
import { LineIndex } from '../text/line-index';
import { trailingRun } from '../text/words';
import { optionMarkdown, pluginLabel } from './uwsgi-hover';

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

function optionItems(range: Range, existing: ReadonlySet<string>): CompletionItem[] {
  return allOptionNames().map((name) => {
    const note = noteOf(name);
    const spec = lookupOption(name)!;
    return {
      label: name,
      kind: CompletionItemKind.Property,
      detail: `${pluginLabel(name)}${spec.arg === 'flag' ? ' · flag' : ''}${spec.aliasOf ? ` · same as ${spec.aliasOf}` : ''}`,
      documentation: { kind: MarkupKind.Markdown, value: optionMarkdown(name) ?? '' },
      textEdit: { range, newText: name },
      // Options with a note first (WebSocket-relevant ones before the rest), then the others.
      sortText: `${note?.websocket ? '0' : note ? '1' : '2'}${existing.has(name) ? '1' : '0'}${name}`,
    };
  });
}

function valueItems(key: string, range: Range): CompletionItem[] {
  const spec = lookupOption(key);
  const values = noteOf(key)?.values ?? (spec?.arg === 'flag' ? ['true', 'false'] : undefined);
  return (values ?? []).map((value, i) => ({
    label: value,
    kind: CompletionItemKind.Value,
    textEdit: { range, newText: value },
    sortText: String(i).padStart(3, '0'),
  }));
}

function placeholderItems(file: IniFile, range: Range, closed: boolean): CompletionItem[] {
  const seen = new Map<string, string>();
  for (const entry of uwsgiEntries(file)) if (entry.key !== '' && !seen.has(entry.key)) seen.set(entry.key, entry.value);
  return [...seen].map(([name, value]) => ({
    label: name,
    kind: CompletionItemKind.Variable,
    detail: value,
    documentation: { kind: MarkupKind.Markdown, value: `\`%(${name})\` → \`${value}\`` },
    textEdit: { range, newText: closed ? name : `${name})` },
  }));
}

export function uwsgiCompletion(file: IniFile, offset: number): CompletionList {
  const text = file.text;
  const index = new LineIndex(text);
  const lineStart = index.lineStartOf(offset);
  const prefix = text.slice(lineStart, offset);
  const trimmed = prefix.replace(/^[ \t]+/, '');
  if (trimmed.startsWith(';') || trimmed.startsWith('#')) return EMPTY;
  const word = trailingRun(prefix, /[A-Za-z0-9_.-]/);
  const range: Range = { start: index.positionAt(offset - word.length), end: index.positionAt(offset) };
  if (trimmed.startsWith('[')) {
    return { isIncomplete: false, items: [{ label: 'uwsgi', kind: CompletionItemKind.Module, textEdit: { range, newText: 'uwsgi' } }] };
  }
  const eq = trimmed.indexOf('=');
  if (eq === -1) {
    if (/\s/.test(trimmed.slice(0, trimmed.length - word.length).trim())) return EMPTY;
    const existing = new Set(uwsgiEntries(file).map((e) => e.option));
    return { isIncomplete: false, items: optionItems(range, existing) };
  }
  const value = trimmed.slice(eq + 1);
  const open = value.lastIndexOf('%(');
  if (open !== -1 && !value.slice(open).includes(')')) {
    const rest = text.slice(offset, text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset));
    return { isIncomplete: false, items: placeholderItems(file, range, /^[A-Za-z0-9_.-]*\)/.test(rest)) };
  }
  const key = trimmed.slice(0, eq).trim();
  // Only the first word of a value (the rest may be a list or a command).
  if (/\S\s/.test(value.slice(0, value.length - word.length))) return EMPTY;
  const valueRange: Range = { start: index.positionAt(offset - trailingRun(prefix, /[A-Za-z0-9_.,:-]/).length), end: range.end };
  return { isIncomplete: false, items: valueItems(key, valueRange) };
}
