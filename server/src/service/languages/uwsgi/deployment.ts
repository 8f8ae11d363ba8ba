/**
 * How the instance is installed and started, as far as one file tells: Debian's modular build
 * (every feature a plugin) or pip's monolithic one, and whether Debian's init script starts it
 * from /etc/uwsgi/apps-enabled/ with /usr/share/uwsgi/conf/default.ini inherited (`master`,
 * `workers = 2`, a unix `socket` with `chown-socket = www-data`, `chmod-socket = 660`).
 */
import type { Settings } from '../../settings';
import type { IniFile } from './ast';
import { optionEntries } from './ast';

const DEBIAN_APPS = /(^|\/)uwsgi\/apps-(enabled|available)\/[^/]+\.ini$/;

/** What Debian's default.ini gives every app started by the init script. */
export const DEBIAN_DEFAULTS = { master: true, workers: 2, chmodSocket: '660', chownSocket: 'www-data' } as const;

/**
 * `enabled`: the init script starts this file with default.ini inherited; `available`: it does
 * when the file is linked into apps-enabled (the uwsgi-app@ unit reads it without default.ini).
 */
export function debianApp(path: string): 'enabled' | 'available' | undefined {
  const match = DEBIAN_APPS.exec(path);
  return match ? (match[2] as 'enabled' | 'available') : undefined;
}

export const PLUGIN_OPTIONS = ['plugins', 'plugin', 'need-plugins', 'need-plugin'];

/** The build: the setting, else Debian when the path or a `plugins` line says so, else unknown. */
export function uwsgiBuild(file: IniFile, path: string, settings: Settings): 'debian' | 'pip' | undefined {
  if (settings.uwsgiBuild) return settings.uwsgiBuild;
  if (debianApp(path) || path.startsWith('/etc/uwsgi/')) return 'debian';
  return optionEntries(file, ...PLUGIN_OPTIONS).length > 0 ? 'debian' : undefined;
}

/** Whether options may come from another file (`ini`, `inherit`, `include`, `for-glob`…), so absent ones may be set there. */
export function hasIncludes(file: IniFile): boolean {
  return optionEntries(file, 'ini', 'inherit', 'include', 'yaml', 'yml', 'json', 'js', 'xml', 'xmlconfig', 'config', 'ini-paste', 'ini-paste-logged').length > 0;
}
