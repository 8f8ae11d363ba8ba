/**
 * Completion in gunicorn.conf.py: setting names (and hooks, as a `def` with the right
 * parameters) at the start of a top-level line, worker classes inside the string of
 * `worker_class = "…"` (or right after its `=`), True/False after a boolean setting, and the
 * WebSocket config snippets. Snippets are served here, only for gunicorn config files: a
 * `python` snippet contribution in package.json would show them in every Python file.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Range,
} from 'vscode-languageserver-types';
import { builtinWorkers, KNOWN_WORKER_CLASSES, lookupSetting, settingsFor, workerNote, type SettingSpec } from '../knowledge/gunicorn';
import type { PyConfig } from '../languages/gunicorn/model';
import type { Settings } from '../settings';
import { LineIndex } from '../text/line-index';
import { settingMarkdown } from './gunicorn-hover';

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/** Text to put literally inside a snippet. */
function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function markdown(value: string) {
  return { kind: MarkupKind.Markdown, value };
}

interface SnippetSpec {
  readonly label: string;
  readonly detail: string;
  readonly body: readonly string[];
  readonly doc: string;
}

/** The canonical WebSocket configs (rules.md §6), as snippets with tab stops. */
export const GUNICORN_SNIPPETS: readonly SnippetSpec[] = [
  {
    label: 'websocket-gevent-websocket',
    detail: 'Socket.IO / WebSocket app with gevent-websocket\'s worker (Debian 12)',
    doc: 'One worker with gevent-websocket\'s worker class: the configuration that serves Flask-SocketIO WebSockets with Debian 12\'s packages (python3-gevent-websocket).',
    body: [
      'bind = "${1:127.0.0.1}:${2:5000}"',
      '# Socket.IO keeps each session in one process: one worker per instance.',
      'workers = 1',
      'worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"',
      'worker_connections = ${3:1000}',
      '$0',
    ],
  },
  {
    label: 'websocket-eventlet-gevent',
    detail: 'Socket.IO / WebSocket app on an eventlet or gevent worker',
    doc: 'One async worker. `eventlet` serves WebSockets by itself (deprecated in gunicorn 25, removed in 26); plain `gevent` needs python-engineio ≥ 4.7.1 with simple-websocket.',
    body: [
      'bind = "${1:127.0.0.1}:${2:5000}"',
      '# Socket.IO keeps each session in one process: one worker per instance.',
      'workers = 1',
      'worker_class = "${3|eventlet,gevent|}"',
      'worker_connections = ${4:1000}',
      '$0',
    ],
  },
  {
    label: 'websocket-gthread',
    detail: 'Socket.IO / WebSocket app on the threaded worker (needs simple-websocket)',
    doc: 'One worker with a thread per connection. WebSockets need the simple-websocket package (`pip install simple-websocket`; not packaged in Debian 12). Capacity is `threads` clients.',
    body: [
      'bind = "${1:127.0.0.1}:${2:5000}"',
      '# Socket.IO keeps each session in one process: one worker per instance.',
      'workers = 1',
      'worker_class = "gthread"',
      '# Each open WebSocket holds a thread.',
      'threads = ${3:100}',
      '$0',
    ],
  },
];

function snippetItems(range: Range): CompletionItem[] {
  return GUNICORN_SNIPPETS.map((s, i) => ({
    label: s.label,
    kind: CompletionItemKind.Snippet,
    detail: s.detail,
    documentation: markdown(`${s.doc}\n\n\`\`\`python\n${s.body.join('\n').replace(/\$\{\d+\|([^,|]+)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$0/g, '')}\`\`\``),
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: s.body.join('\n') },
    filterText: `${s.label} websocket gunicorn`,
    sortText: `2${i}`,
  }));
}

function settingItem(spec: SettingSpec, version: string | undefined, range: Range): CompletionItem {
  const isHook = spec.kind === 'hook';
  const signature = /^def \w+\((.*)\)$/.exec(spec.defaultText)?.[1];
  const params = signature && signature !== '…' ? escapeSnippet(signature) : '$1';
  // A default that is the machine's own value (chdir, user) or an object repr is not Python to insert.
  const value = spec.defaultSource && !spec.envDefault ? '' : spec.defaultText.startsWith('<') ? '' : spec.defaultText;
  const newText = isHook ? `def ${spec.name}(${params}):\n    \${0:pass}` : `${spec.name} = \${1:${escapeSnippet(value)}}`;
  return {
    label: spec.name,
    kind: isHook ? CompletionItemKind.Function : CompletionItemKind.Property,
    detail: isHook ? spec.defaultText : `${spec.name} = ${spec.defaultText}`,
    documentation: markdown(settingMarkdown(spec, version)),
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText },
    // Settings that matter for WebSockets first, then the rest, hooks last.
    sortText: `${isHook ? 1 : spec.websocket ? 0 : 0.5}${spec.name}`,
  };
}

function workerItems(version: string | undefined, range: Range, quote: string): CompletionItem[] {
  const names = [...builtinWorkers(version).map((w) => w.name), ...KNOWN_WORKER_CLASSES];
  return names.map((name, i) => {
    const note = workerNote(name);
    return {
      label: name,
      kind: name.includes('.') ? CompletionItemKind.Class : CompletionItemKind.EnumMember,
      detail: 'worker_class',
      ...(note ? { documentation: markdown(note) } : {}),
      textEdit: { range, newText: `${quote}${name}${quote}` },
      sortText: String(i).padStart(3, '0'),
    };
  });
}

export function gunicornCompletion(config: PyConfig, offset: number, settings: Pick<Settings, 'gunicornVersion'>): CompletionList {
  const text = config.text;
  const version = settings.gunicornVersion;
  const index = new LineIndex(text);
  const lineStart = index.lineStartOf(offset);
  const before = text.slice(lineStart, offset);
  const rangeFrom = (start: number): Range => ({ start: index.positionAt(start), end: index.positionAt(offset) });

  // Inside the string of `worker_class = "…`: the characters typed so far are replaced.
  const inString = /^\s*worker_class\s*=\s*([rRuU]?)(["'])([\w.:#-]*)$/.exec(before);
  if (inString) {
    const end = text.slice(offset).match(/^[\w.:#-]*/)![0].length;
    const range = { start: index.positionAt(offset - inString[3]!.length), end: index.positionAt(offset + end) };
    return { isIncomplete: false, items: workerItems(version, range, '') };
  }
  const afterEquals = /^\s*(\w+)\s*=\s*(\w*)$/.exec(before);
  if (afterEquals) {
    const spec = lookupSetting(afterEquals[1]!);
    const range = rangeFrom(offset - afterEquals[2]!.length);
    if (afterEquals[1] === 'worker_class') return { isIncomplete: false, items: workerItems(version, range, '"') };
    if (spec?.kind === 'bool') {
      return { isIncomplete: false, items: ['True', 'False'].map((v) => ({ label: v, kind: CompletionItemKind.Value, textEdit: { range, newText: v } })) };
    }
    return EMPTY;
  }
  // A setting name: only at the start of a top-level line, and not inside a bracket or string
  // that an earlier line left open.
  const word = /^[A-Za-z_]\w*$|^$/.exec(before);
  if (!word || openAt(config, lineStart)) return EMPTY;
  const range = rangeFrom(lineStart);
  const assigned = new Set([...config.assignments.filter((a) => a.span.start < lineStart || a.span.start > offset).map((a) => a.name), ...config.hooks.map((h) => h.name)]);
  const items = settingsFor(version).filter((s) => !assigned.has(s.name) && s.name !== 'default_proc_name').map((s) => settingItem(s, version, range));
  return { isIncomplete: false, items: [...items, ...snippetItems(range)] };
}

/** Whether `offset` is inside a statement that started on an earlier line (open bracket, string, block body). */
function openAt(config: PyConfig, offset: number): boolean {
  const covering = (span: { start: number; end: number }) => span.start < offset && offset < span.end;
  return config.assignments.some((a) => covering(a.span)) || config.hooks.some((h) => covering(h.span));
}
