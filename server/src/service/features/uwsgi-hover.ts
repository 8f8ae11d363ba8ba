/**
 * Hover in a uwsgi.ini: on an option key its meaning in our words, value, default, the plugin
 * that provides it on Debian, aliases, command-line form, the WebSocket note and the docs link;
 * on a value's `%(key)` the value uWSGI substitutes; on `%d`, `%n`, … what the magic variable
 * is (and its value when the file's path tells); on `$(ENV)` / `@(file)` what uWSGI reads.
 * Also go-to-definition of `%(key)`: the entry that defines it.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import { didYouMean, docsUrl, lookupOption, namesOf, noteOf, pluginOf } from '../knowledge/uwsgi';
import type { IniEntry, IniFile, IniSegment } from '../languages/uwsgi/ast';
import { resolvedValue, uwsgiEntries } from '../languages/uwsgi/ast';
import { LineIndex } from '../text/line-index';
import type { Span } from '../types';
import type { DefinitionTarget } from './definition';

const inside = (span: Span, offset: number) => span.start <= offset && offset <= span.end;

/** What each magic variable stands for (uWSGI 2.0), in our words. */
export const MAGIC_VARIABLES: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  d: 'absolute directory of this config file, with a trailing slash',
  D: 'like `%d`, for the first non-template config file',
  n: 'this config file\'s name without its extension',
  N: 'like `%n`, for the first non-template config file',
  c: 'name of the directory that holds this config file',
  C: 'like `%c`, for the first non-template config file',
  p: 'absolute path of this config file',
  P: 'like `%p`, for the first non-template config file',
  s: 'file name of this config file',
  S: 'like `%s`, for the first non-template config file',
  e: 'extension of this config file',
  E: 'like `%e`, for the first non-template config file',
  o: 'this config file\'s path as given to uWSGI',
  O: 'like `%o`, for the first non-template config file',
  v: 'the directory uWSGI was started in (the emperor\'s vassals directory)',
  V: 'the uWSGI version',
  h: 'the host name',
  k: 'the number of CPU cores',
  t: 'the Unix time at startup, in seconds',
  T: 'the Unix time at startup, in microseconds',
  u: 'the user id uWSGI runs as',
  U: 'the user name uWSGI runs as',
  g: 'the group id uWSGI runs as',
  G: 'the group name uWSGI runs as',
  i: 'the inode number of this config file',
  I: 'like `%i`, for the first non-template config file',
  j: 'a hex hash of this config file\'s full path',
  J: 'like `%j`, for the first non-template config file',
  x: 'the current section identifier (file:section)',
  X: 'like `%x`, for the first non-template config file',
  b: 'the path of the uwsgi binary',
  '[': 'the ANSI escape character (for colours in log formats)',
});
for (let digit = 0; digit <= 9; digit++) {
  (MAGIC_VARIABLES as Record<string, string>)[String(digit)] = `component ${digit + 1} of this config file's directory path`;
}

/** The value of a magic variable that the file's path alone decides, if any. */
export function magicValue(name: string, path: string): string | undefined {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  switch (name) {
    case 'd': return dir;
    case 'p': return path;
    case 's': return base;
    case 'n': return dot === -1 ? base : base.slice(0, dot);
    case 'e': return dot === -1 ? undefined : base.slice(dot + 1);
    case 'c': return dir.split('/').filter(Boolean).pop();
    default: {
      if (!/^\d$/.test(name)) return undefined;
      return dir.split('/').filter(Boolean)[Number(name)];
    }
  }
}

export function optionMarkdown(name: string): string | undefined {
  const spec = lookupOption(name);
  if (!spec) return undefined;
  const note = noteOf(name);
  const lines: string[] = [`**${name}** · uWSGI option`];
  if (note) lines.push(note.summary);
  const facts: string[] = [];
  facts.push(`Value: ${spec.arg === 'flag' ? 'flag (`true`; only `false`, `off`, `no`, `0` turn it off)' : note?.value ? `\`${note.value}\`` : 'a value'}`);
  if (note?.default) facts.push(`Default: ${note.default}`);
  facts.push(spec.plugin === 'core'
    ? 'Plugin: none (built into uwsgi)'
    : `Plugin: \`${spec.plugin}\` (Debian/Ubuntu: load it with \`plugins = ${spec.plugin.endsWith('_python3') ? `python3,${spec.plugin}` : spec.plugin}\`)`);
  const others = namesOf(name).filter((n) => n !== name);
  if (others.length > 0) facts.push(`Also written: ${others.map((n) => `\`${n}\``).join(', ')}`);
  facts.push(`Command line: \`--${name}\`${spec.short ? `, \`-${spec.short}\`` : ''}`);
  lines.push(facts.map((f) => `- ${f}`).join('\n'));
  if (note?.websocket) lines.push(`**WebSocket:** ${note.websocket}`);
  lines.push(`[uWSGI docs](${docsUrl(name)})`);
  return lines.join('\n\n');
}

function keyMarkdown(file: IniFile, entry: IniEntry): string {
  const known = optionMarkdown(entry.option);
  if (known) return known;
  const usedAsPlaceholder = uwsgiEntries(file).some((e) => e.segments.some((s) => s.kind === 'placeholder' && s.name === entry.key));
  if (usedAsPlaceholder) return `**${entry.key}** · custom placeholder\n\nNot a uWSGI option: a value that \`%(${entry.key})\` elsewhere in this file is replaced with.`;
  const guess = didYouMean(entry.key)[0];
  return `**${entry.key}** · unknown to uWSGI\n\nuWSGI ignores it (or refuses to start with \`strict = true\`).${guess ? ` Did you mean \`${guess}\`?` : ''}`;
}

function segmentMarkdown(file: IniFile, path: string, segment: IniSegment): string {
  switch (segment.kind) {
    case 'placeholder': {
      const target = uwsgiEntries(file).find((e) => e.option === segment.name);
      if (!target) return `\`%(${segment.name})\` is not defined in this file: uWSGI leaves it as written unless another config file or \`set-placeholder\` defines it.`;
      const value = resolvedValue(file, target);
      const line = new LineIndex(file.text).positionAt(target.span.start).line + 1;
      return `\`%(${segment.name})\` → \`${value ?? target.value}\`${value === undefined ? ' (before its own placeholders are filled in)' : ''}\n\nThe first \`${segment.name}\` in [uwsgi], line ${line}.`;
    }
    case 'magic': {
      const meaning = MAGIC_VARIABLES[segment.name];
      if (!meaning) return `\`%${segment.name}\` is not a uWSGI magic variable: uWSGI deletes it. Write \`%%\` for a literal percent sign.`;
      const value = magicValue(segment.name, path);
      return `\`%${segment.name}\`: ${meaning}.${value !== undefined ? `\n\nHere: \`${value}\`` : ''}`;
    }
    case 'env':
      return `\`$(${segment.name})\`: the environment variable ${segment.name} when uWSGI starts; if it is not set, uWSGI leaves the text as written.`;
    case 'file':
      return `\`@(${segment.path})\`: the content of the file ${segment.path}, read when uWSGI starts.`;
    default:
      return '';
  }
}

function entryAt(file: IniFile, offset: number): IniEntry | undefined {
  for (const section of file.sections) for (const entry of section.entries) if (inside(entry.span, offset)) return entry;
  return undefined;
}

export function uwsgiHover(file: IniFile, path: string, offset: number): Hover | undefined {
  const entry = entryAt(file, offset);
  if (!entry) return undefined;
  const index = new LineIndex(file.text);
  const hover = (value: string, span: Span): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: index.positionAt(span.start), end: index.positionAt(span.end) },
  });
  if (inside(entry.keySpan, offset) && entry.key !== '') return hover(keyMarkdown(file, entry), entry.keySpan);
  const segment = entry.segments.find((s) => s.kind !== 'text' && inside(s.span, offset));
  if (segment) return hover(segmentMarkdown(file, path, segment), segment.span);
  return undefined;
}

/** `%(key)` → the first entry of `key` in [uwsgi] (the one uWSGI substitutes). */
export function uwsgiDefinition(file: IniFile, path: string, offset: number): DefinitionTarget[] {
  const entry = entryAt(file, offset);
  const segment = entry?.segments.find((s) => s.kind === 'placeholder' && inside(s.span, offset));
  if (!segment || segment.kind !== 'placeholder') return [];
  const target = uwsgiEntries(file).find((e) => e.option === segment.name);
  return target ? [{ file: path, span: target.span, selection: target.keySpan, origin: segment.span }] : [];
}

/** Whether a known option is provided by a plugin (for completion details). */
export function pluginLabel(name: string): string {
  const plugin = pluginOf(name);
  return !plugin || plugin === 'core' ? 'uWSGI core' : `plugin ${plugin}`;
}
