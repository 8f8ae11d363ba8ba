/**
 * Adds `proxy_set_header` lines to a location without breaking inheritance: when the
 * location has no header of its own, its first one would drop every header inherited from
 * server/http, so the inherited lines are copied in along with the new ones.
 */
import type { ConfigNode, NginxModel } from '../../languages/nginx/model';
import { effectiveList } from '../../languages/nginx/semantics';
import type { FixBuilder } from '../rule';

function headerName(line: string): string {
  return (line.trim().split(/\s+/)[1] ?? '').toLowerCase();
}

/** The source text of a directive, as the user wrote it. */
export function directiveText(node: ConfigNode): string {
  return node.file.text.slice(node.directive.start, node.directive.end);
}

/** Inherited header lines that a first own `proxy_set_header` in `location` would drop. */
export function inheritedHeaderLines(location: ConfigNode, model: NginxModel, except: ReadonlySet<string>): string[] {
  const list = effectiveList(location, 'proxy_set_header', model);
  if (!list || list.level.owner === location) return [];
  return list.entries
    .filter((entry) => !except.has((entry.directive.args[0]?.value ?? '').toLowerCase()))
    .map((entry) => `proxy_set_header ${entry.directive.args.map((a) => entry.file.text.slice(a.start, a.end)).join(' ')};`);
}

/** Where new directives go: just before the location's proxy_pass, else at the top of its block. */
export function insertBeforePass(location: ConfigNode, lines: readonly string[]): FixBuilder {
  const pass = location.children.find((c) => (c.name === 'proxy_pass' || c.name === 'uwsgi_pass') && c.includedBy === undefined);
  return (f) => (pass ? f.insertLinesBefore(pass, lines) : f.insertLinesAtBlockStart(location, lines));
}

export function addProxyHeaders(location: ConfigNode, model: NginxModel, lines: readonly string[]): FixBuilder {
  const names = new Set(lines.map(headerName));
  return insertBeforePass(location, [...inheritedHeaderLines(location, model, names), ...lines]);
}
