/**
 * Which context a block opens, and which context a file starts in when no including file
 * is known. An unknown context (undefined) makes context-dependent rules stay silent.
 */
import type { NginxContext } from '../../knowledge/nginx/types';
import type { NginxFile } from './ast';

export function childContext(blockName: string, parent: NginxContext | undefined): NginxContext | undefined {
  switch (blockName) {
    case 'events':
      return 'events';
    case 'http':
      return 'http';
    case 'stream':
      return 'stream';
    case 'mail':
      return 'mail';
    case 'server':
      if (parent === 'http') return 'server';
      if (parent === 'stream') return 'stream-server';
      if (parent === 'mail') return 'mail-server';
      return undefined;
    case 'upstream':
      if (parent === 'http') return 'upstream';
      if (parent === 'stream') return 'stream-upstream';
      return undefined;
    case 'location':
      return parent === 'server' || parent === 'location' ? 'location' : undefined;
    case 'if':
      if (parent === 'server') return 'if-in-server';
      if (parent === 'location' || parent === 'if-in-location') return 'if-in-location';
      return undefined;
    case 'limit_except':
      return 'limit_except';
    case 'acme_issuer':
    case 'oidc_provider':
    case 'mgmt':
      return parent === 'http' || parent === 'main' ? blockName : undefined;
    default:
      return undefined;
  }
}

const MAIN_ONLY = new Set(['http', 'events', 'stream', 'mail', 'worker_processes', 'user', 'pid', 'load_module']);
const SERVER_LEVEL = new Set(['location', 'listen', 'server_name']);
const CONTEXT_COMMENT = /^\s*wsconf:\s*context\s*=\s*([a-z_-]+)\s*$/;
const CONTEXTS: readonly NginxContext[] = [
  'main', 'events', 'http', 'server', 'location', 'if-in-server', 'if-in-location', 'limit_except',
  'upstream', 'stream', 'stream-server', 'stream-upstream', 'mail', 'mail-server',
];

/**
 * The context of a file's top level when it is analysed on its own: a `# wsconf: context=X`
 * comment wins; a file named nginx.conf or holding main-only directives is `main`; a file of
 * `server`/`upstream`/`map` blocks is an http fragment; a file of `location`s is a server
 * fragment; anything else is unknown.
 */
export function inferFileContext(file: NginxFile, fileName: string): NginxContext | undefined {
  for (const comment of file.comments) {
    const match = CONTEXT_COMMENT.exec(comment.text);
    if (match && (CONTEXTS as readonly string[]).includes(match[1]!)) return match[1] as NginxContext;
  }
  if (fileName === 'nginx.conf') return 'main';
  const names = file.directives.map((d) => d.name.value);
  if (names.some((n) => MAIN_ONLY.has(n))) return 'main';
  if (names.some((n) => n === 'server' || n === 'upstream') && !names.some((n) => SERVER_LEVEL.has(n))) return 'http';
  if (names.includes('location')) return 'server';
  return undefined;
}
