/** Shared by the cross-file rules: how to name a listener or target, and edits to app configs. */
import { settingOf } from '../../languages/gunicorn/model';
import { lastEntry } from '../../languages/uwsgi/ast';
import { LineIndex } from '../../text/line-index';
import { basename } from '../../text/paths';
import type { Edit, Span } from '../../types';
import { formatEndpoint } from '../../workspace/endpoints';
import { protocolLabel, type Listener, type NginxTarget } from '../../workspace/links';
import { appText, type AppConfig, type GunicornApp, type UwsgiApp } from '../../workspace/workspace';
import { createTextFixer } from '../file-rule';
import { insertOption } from './uwsgi-lines';

/** Line indexes by text (one per file version; many findings name the same listener). */
const indexes = new Map<string, LineIndex>();

function lineOf(text: string, offset: number): number {
  let index = indexes.get(text);
  if (!index) {
    if (indexes.size > 64) indexes.clear();
    indexes.set(text, (index = new LineIndex(text)));
  }
  return index.positionAt(offset).line + 1;
}

/** `gunicorn.conf.py:3 (bind 127.0.0.1:8000, HTTP)`; implicit addresses say where they come from. */
export function listenerLabel(listener: Listener): string {
  const name = basename(listener.app.path);
  const where = listener.implicit ? name : `${name}:${lineOf(appText(listener.app), listener.span.start)}`;
  const what = listener.implicit
    ? listener.app.kind === 'gunicorn'
      ? `no bind, so gunicorn's default ${formatEndpoint(listener.endpoint)}`
      : `Debian's apps-enabled socket ${formatEndpoint(listener.endpoint)}`
    : `${listener.option} ${formatEndpoint(listener.endpoint)}`;
  return `${where} (${what}, ${protocolLabel(listener.protocol)})`;
}

/** `sites-enabled/app:12` style location of a target, for messages about the nginx side. */
export function targetLabel(target: NginxTarget): string {
  return `${basename(target.node.file.path)}:${lineOf(target.node.file.text, target.span.start)}`;
}

/** Where a related-information entry points in the app file (the `[uwsgi]` header or start for implicit ones). */
export function listenerSpan(listener: Listener): Span {
  return listener.span;
}

/** `name = value` in a gunicorn.conf.py: replaces the setting in effect, or appends a line. */
export function setGunicornSetting(app: GunicornApp, name: string, value: string): Edit {
  const fixer = createTextFixer(app.path, app.config.text);
  const assignment = settingOf(app.config, name);
  return assignment ? fixer.replace(assignment.value, value) : fixer.append(`${name} = ${value}`);
}

/** `option = value` in a uwsgi.ini: replaces the last entry of the option (or its alias), or inserts one. */
export function setUwsgiOption(app: UwsgiApp, options: readonly string[], value: string): Edit | undefined {
  const fixer = createTextFixer(app.path, app.file.text);
  const entry = lastEntry(app.file, ...options);
  return entry ? fixer.replace(entry.valueSpan, value) : insertOption(fixer, app.file, `${options[0]} = ${value}`);
}

export function appKindLabel(app: AppConfig): string {
  return app.kind === 'gunicorn' ? 'gunicorn' : 'uWSGI';
}
