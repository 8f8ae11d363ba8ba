/**
 * Which language a file is, from its path and, for ambiguous names, its content. The same
 * patterns as the editor's language associations, so the CLI finds what the editor lints.
 */
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

export function detectLanguage(path: string, text?: string): LanguageId | undefined {
  if (NGINX_PATH.some((re) => re.test(path))) return 'nginx';
  const name = basename(path);
  if (name.endsWith('.conf') && text !== undefined && NGINX_CONTENT.test(text.slice(0, 65536))) return 'nginx';
  return undefined;
}

/** Whether a path looks like it might be an nginx config worth sniffing (for folder scans). */
export function mightBeNginx(path: string): boolean {
  return NGINX_PATH.some((re) => re.test(path)) || basename(path).endsWith('.conf');
}
