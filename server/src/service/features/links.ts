/**
 * Hover and go-to-definition across files (architecture §4.8): an nginx target (an upstream
 * `server` address, a proxy_pass/uwsgi_pass address) shows the app config listening there,
 * and a gunicorn `bind` / uWSGI socket value shows the nginx locations proxying to it.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import { effectiveWorker } from '../languages/gunicorn/effective';
import { literalOf, settingOf } from '../languages/gunicorn/model';
import { locationPath } from '../languages/nginx/semantics';
import { intValue, lastEntry } from '../languages/uwsgi/ast';
import { listenerLabel, targetLabel } from '../lint/fixes/app-configs';
import { LineIndex } from '../text/line-index';
import type { Span } from '../types';
import { formatEndpoint } from '../workspace/endpoints';
import { protocolLabel, targetLocations, type Listener, type NginxTarget } from '../workspace/links';
import { appText, type AppConfig, type Workspace } from '../workspace/workspace';
import type { DefinitionTarget } from './definition';

const inside = (span: Span, offset: number) => span.end > span.start && offset >= span.start && offset <= span.end;

/** Workers and concurrency of an app, for the hover line. */
function appSummary(app: AppConfig): string {
  if (app.kind === 'gunicorn') {
    const worker = effectiveWorker(app.config);
    const workers = literalOf(settingOf(app.config, 'workers')?.value);
    return `worker ${worker.family === 'unknown' ? 'unknown' : worker.value ?? 'sync'}${worker.viaThreads ? ' (gthread)' : ''}, workers ${workers ?? 1}`;
  }
  const processes = lastEntry(app.file, 'processes', 'workers');
  const count = processes ? intValue(app.file, processes) : undefined;
  const gevent = lastEntry(app.file, 'gevent');
  return `${gevent ? `gevent ${gevent.value}` : 'no gevent'}, processes ${count ?? (processes ? processes.value : 1)}`;
}

function targetAt(workspace: Workspace, path: string, offset: number): NginxTarget[] {
  return workspace.targets.filter((t) => t.node.file.path === path && inside(t.span, offset));
}

function listenerAt(workspace: Workspace, path: string, offset: number): Listener | undefined {
  return workspace.listeners.find((l) => l.app.path === path && !l.implicit && inside(l.span, offset));
}

function hoverOf(text: string, span: Span, value: string): Hover {
  const index = new LineIndex(text);
  return { contents: { kind: MarkupKind.Markdown, value }, range: { start: index.positionAt(span.start), end: index.positionAt(span.end) } };
}

export function linkHover(workspace: Workspace, path: string, offset: number): Hover | undefined {
  const targets = targetAt(workspace, path, offset);
  if (targets.length > 0) {
    const target = targets[0]!;
    const lines: string[] = [];
    for (const t of targets) {
      const links = workspace.links.filter((l) => l.target === t);
      const speaks = `nginx speaks ${protocolLabel(t.protocol)} here (${t.passes.map((p) => p.name).filter((n, i, all) => all.indexOf(n) === i).join(', ')})`;
      if (links.length === 0) lines.push(`${speaks}; no app config of the workspace listens on ${t.endpoint ? formatEndpoint(t.endpoint) : t.address}.`);
      for (const link of links) {
        const mismatch = link.protocolMatches ? '' : ' — **protocol mismatch**';
        lines.push(`→ ${link.listener.app.kind} \`${listenerLabel(link.listener)}\`, ${appSummary(link.listener.app)}; ${speaks}${mismatch}`);
      }
    }
    return hoverOf(target.node.file.text, target.span, lines.join('\n\n'));
  }
  const listener = listenerAt(workspace, path, offset);
  if (!listener) return undefined;
  const links = workspace.links.filter((l) => l.listener === listener);
  // Nothing to add about an address no nginx file proxies to (the setting's own hover stays).
  if (links.length === 0) return undefined;
  const lines = [`**${formatEndpoint(listener.endpoint)}** · ${protocolLabel(listener.protocol)} (${listener.option})`];
  for (const link of links) {
    const locations = targetLocations(link.target).map((l) => `\`location ${locationPath(l)?.path ?? ''}\``);
    const via = link.target.upstream ? `upstream \`${link.target.upstream.directive.args[0]?.value ?? ''}\`` : link.target.via;
    lines.push(`← nginx ${targetLabel(link.target)} (${via}${locations.length > 0 ? `, ${locations.join(', ')}` : ''}), ${protocolLabel(link.target.protocol)}${link.protocolMatches ? '' : ' — **protocol mismatch**'}`);
  }
  return hoverOf(appText(listener.app), listener.span, lines.join('\n\n'));
}

export function linkDefinition(workspace: Workspace, path: string, offset: number): DefinitionTarget[] {
  const targets = targetAt(workspace, path, offset);
  const out: DefinitionTarget[] = [];
  for (const target of targets) {
    for (const link of workspace.links) {
      if (link.target !== target) continue;
      out.push({ file: link.listener.app.path, span: link.listener.span, selection: link.listener.span, origin: target.span });
    }
  }
  if (targets.length > 0) return out;
  const listener = listenerAt(workspace, path, offset);
  if (!listener) return [];
  return workspace.links
    .filter((l) => l.listener === listener)
    .map((l) => ({ file: l.target.node.file.path, span: { start: l.target.node.directive.start, end: l.target.node.directive.end }, selection: l.target.span, origin: listener.span }));
}
