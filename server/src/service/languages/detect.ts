/**
 * Which language a file is, from its path and, for ambiguous names, its content. The same
 * patterns as the editor's language associations, so the CLI finds what the editor lints.
 */
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { matchesGlob } from '../text/glob';
import { basename } from '../text/paths';
import type { LanguageId } from '../types';

const NGINX_PATH = [
  /(^|\/)nginx\.conf$/,
  /\.nginx$/,
  /\.conf\.template$/,
  /(^|\/)nginx\/(.+\/)?[^/]+\.conf$/,
  /(^|\/)sites-(available|enabled)\/[^/]+$/,
  /(^|\/)conf\.d\/[^/]+\.conf$/,
];
const NGINX_CONTENT = /^\s*(http|server|upstream|location|events|stream)\s*\{|^\s*(proxy_pass|listen|server_name|worker_processes)\s/m;

const UWSGI_SECTION = /^[ \t]*\[uwsgi\][ \t]*$/m;

export function detectLanguage(
  path: string,
  text?: string,
  settings: Pick<Settings, 'gunicornFiles' | 'uwsgiFiles'> = DEFAULT_SETTINGS,
): LanguageId | undefined {
  if (NGINX_PATH.some((re) => re.test(path))) return 'nginx';
  const name = basename(path);
  if (name.endsWith('.py') && settings.gunicornFiles.some((glob) => matchesGlob(path, glob))) return 'gunicorn';
  if (name.endsWith('.ini')) {
    if (settings.uwsgiFiles.some((glob) => matchesGlob(path, glob))) return 'uwsgi';
    if (text !== undefined && UWSGI_SECTION.test(text.slice(0, 65536))) return 'uwsgi';
  }
  if (name.endsWith('.conf') && text !== undefined && NGINX_CONTENT.test(text.slice(0, 65536))) return 'nginx';
  return undefined;
}

/** Whether a path looks like it might be an nginx config worth sniffing (for folder scans). */
export function mightBeNginx(path: string): boolean {
  return NGINX_PATH.some((re) => re.test(path)) || basename(path).endsWith('.conf');
}
