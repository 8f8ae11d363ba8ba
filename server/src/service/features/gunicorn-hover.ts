/**
 * Hover in gunicorn.conf.py: on a setting name (or a hook's `def` name) its meaning in our
 * words, type, default, command-line flag, the versions that have it, the docs link and the
 * WebSocket note; on a `worker_class` value what that worker does for WebSockets.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import { availability, classifyWorker, lookupSetting, workerNote, type SettingSpec } from '../knowledge/gunicorn';
import type { PyConfig } from '../languages/gunicorn/model';
import type { Settings } from '../settings';
import { LineIndex } from '../text/line-index';
import type { Span } from '../types';

const KIND_LABELS: Readonly<Record<string, string>> = {
  int: 'integer ≥ 0', bool: 'boolean', string: 'string', 'string-list': 'string or list of strings',
  'file-list': 'list of existing files', 'comma-list': 'comma-separated string', dict: 'dict',
  class: 'class path (string) or class', hook: 'function', user: 'user name or id', group: 'group name or id',
  directory: 'directory path', 'host-port': '"HOST:PORT" string', choice: 'one of the listed strings',
  'ssl-version': 'ssl protocol name or number', other: 'value',
};

const inside = (span: Span, offset: number) => span.start <= offset && offset <= span.end;

/** Markdown for one setting; `version` is the configured target gunicorn version. */
export function settingMarkdown(spec: SettingSpec, version: string | undefined): string {
  const lines: string[] = [`**${spec.name}** · gunicorn ${spec.kind === 'hook' ? 'server hook' : 'setting'}`];
  if (spec.meaning) lines.push(spec.meaning);
  const facts: string[] = [];
  if (spec.kind === 'hook') facts.push(`Signature: \`${spec.defaultText.replace(/^def /, 'def ')}\``);
  else facts.push(`Default: \`${spec.defaultText}\`${spec.envDefault ? ` (or from \`$${spec.envDefault}\`)` : ''}`);
  if (spec.kind !== 'hook') facts.push(`Type: ${KIND_LABELS[spec.kind] ?? spec.kind}${spec.choices ? ` (${spec.choices.map((c) => `\`${c}\``).join(', ')})` : ''}`);
  facts.push(spec.cli.length > 0 ? `Command line: ${spec.cli.map((c) => `\`${c}\``).join(', ')}` : 'Command line: none (config file only)');
  const versions = [spec.since ? `since ${spec.since}` : '', spec.removed ? `removed in ${spec.removed}` : ''].filter(Boolean).join(', ');
  if (versions) facts.push(`Versions: ${versions}`);
  if (spec.versionNote) facts.push(`Changes: ${spec.versionNote}`);
  lines.push(facts.map((f) => `- ${f}`).join('\n'));
  const state = availability(spec, version);
  if (state === 'not-yet') lines.push(`⚠ Not in gunicorn ${version}: it needs ${spec.since} or later, and older versions ignore it.`);
  if (state === 'removed') lines.push(`⚠ Not in gunicorn ${version}: removed in ${spec.removed}.`);
  if (spec.websocket) lines.push(`**WebSocket:** ${spec.websocket}`);
  lines.push(`[gunicorn docs](${spec.docsUrl})`);
  return lines.join('\n\n');
}

/** Markdown for a worker class value. */
export function workerMarkdown(value: string, version: string | undefined): string | undefined {
  const info = classifyWorker(value);
  const note = workerNote(value);
  if (!note && !info.builtin) return undefined;
  const lines = [`**${info.name}** · gunicorn worker class`];
  if (note) lines.push(note);
  const builtin = info.builtin;
  if (builtin) {
    const facts = [builtin.path ? `Class: \`${builtin.path}\`` : '', builtin.since ? `Built in since ${builtin.since}` : '', builtin.deprecated ? `Deprecated in ${builtin.deprecated}` : '', builtin.removed ? `Removed in ${builtin.removed}` : ''].filter(Boolean);
    if (facts.length > 0) lines.push(facts.map((f) => `- ${f}`).join('\n'));
    const state = availability(builtin, version);
    if (state !== 'available') lines.push(`⚠ gunicorn ${version} has no \`${builtin.name}\` worker.`);
  }
  lines.push(`[gunicorn docs](${lookupSetting('worker_class')!.docsUrl})`);
  return lines.join('\n\n');
}

export function gunicornHover(config: PyConfig, offset: number, settings: Pick<Settings, 'gunicornVersion'>): Hover | undefined {
  const index = new LineIndex(config.text);
  const hover = (span: Span, value: string): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: index.positionAt(span.start), end: index.positionAt(span.end) },
  });
  const version = settings.gunicornVersion;
  for (const assignment of config.assignments) {
    if (inside(assignment.nameSpan, offset)) {
      const spec = lookupSetting(assignment.name);
      return spec ? hover(assignment.nameSpan, settingMarkdown(spec, version)) : undefined;
    }
    if (inside(assignment.value, offset) && assignment.value.kind === 'str' && assignment.name === 'worker_class') {
      const markdown = workerMarkdown(assignment.value.value, version);
      return markdown ? hover(assignment.value, markdown) : undefined;
    }
  }
  for (const hook of config.hooks) {
    if (!inside(hook.nameSpan, offset)) continue;
    const spec = lookupSetting(hook.name);
    return spec ? hover(hook.nameSpan, settingMarkdown(spec, version)) : undefined;
  }
  return undefined;
}
