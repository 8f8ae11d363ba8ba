/**
 * The outline of one file (architecture §4.8): http > server (server_name, listen) >
 * location (path, nested), upstream (name), map, events, stream, mail, and the blocks in
 * between (`if`, `limit_except`) so nesting stays readable. It works on the file's own syntax
 * tree, so a file that only holds `server` blocks has an outline too.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { Directive, NginxFile } from '../languages/nginx/ast';
import { LineIndex } from '../text/line-index';
import { pushAll } from '../arrays';

/** The model stops at this depth too (model.ts MAX_DEPTH). */
const MAX_DEPTH = 100;

/** Keyed by directive names as written: a Map, so `__proto__ { }` or `toString { }` is an unknown block. */
const KINDS: ReadonlyMap<string, SymbolKind> = new Map([
  ['http', SymbolKind.Namespace],
  ['events', SymbolKind.Namespace],
  ['stream', SymbolKind.Namespace],
  ['mail', SymbolKind.Namespace],
  ['server', SymbolKind.Class],
  ['location', SymbolKind.Method],
  ['upstream', SymbolKind.Struct],
  ['map', SymbolKind.Variable],
  ['geo', SymbolKind.Variable],
  ['split_clients', SymbolKind.Variable],
  ['types', SymbolKind.Object],
  ['if', SymbolKind.Operator],
  ['limit_except', SymbolKind.Operator],
]);

function args(directive: Directive): string {
  return directive.args.map((a) => (a.quote ? `${a.quote}${a.value}${a.quote}` : a.value)).join(' ');
}

function childArgs(directive: Directive, name: string): string[] {
  return (directive.block?.children ?? []).filter((c) => c.name.value === name).map(args);
}

function label(directive: Directive): { name: string; detail?: string } {
  const name = directive.name.value;
  switch (name) {
    case 'server': {
      if (!directive.block) return { name: `server ${args(directive)}` };
      const names = childArgs(directive, 'server_name').join(' ');
      const listen = childArgs(directive, 'listen').join(', ');
      const title = names || (listen ? `listen ${listen}` : '');
      const detail = names && listen ? `listen ${listen}` : undefined;
      return { name: title ? `server ${title}` : 'server', ...(detail ? { detail } : {}) };
    }
    case 'map':
    case 'geo':
    case 'split_clients':
    case 'location':
    case 'upstream':
    case 'if':
    case 'limit_except':
      return { name: `${name} ${args(directive)}`.trim() };
    default:
      return { name };
  }
}

export function documentSymbols(file: NginxFile): DocumentSymbol[] {
  const index = new LineIndex(file.text);
  const range = (start: number, end: number) => ({ start: index.positionAt(start), end: index.positionAt(end) });

  function collect(directives: readonly Directive[], depth: number): DocumentSymbol[] {
    const out: DocumentSymbol[] = [];
    for (const directive of directives) {
      const kind = KINDS.get(directive.name.value);
      const inner =
        directive.block && directive.block.kind === 'directives' && depth < MAX_DEPTH ? collect(directive.block.children, depth + 1) : [];
      if (kind === undefined || !directive.block) {
        // Keep what an unknown block holds (third-party blocks) at this level.
        pushAll(out, inner);
        continue;
      }
      const { name, detail } = label(directive);
      out.push({
        name,
        ...(detail ? { detail } : {}),
        kind,
        range: range(directive.start, directive.end),
        selectionRange: range(directive.name.start, directive.name.end),
        ...(inner.length > 0 ? { children: inner } : {}),
      });
    }
    return out;
  }

  return collect(file.directives, 0);
}
