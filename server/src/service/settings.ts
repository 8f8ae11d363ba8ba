/**
 * The resolved configuration the service runs with. Hosts build it from defaults, the
 * project's `.wsconf.json` and editor settings (in that order of precedence, last wins).
 */
import type { RuleLevel } from './types';

export interface RuleSetting {
  readonly level?: RuleLevel;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface Settings {
  /** Per-rule level and options, by rule id. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Target nginx version such as "1.22.1"; undefined means unknown (treated as possibly older). */
  readonly nginxVersion?: string;
  /** Absolute include paths under this prefix resolve against the folder of the main nginx.conf. */
  readonly nginxPrefix: string;
  /** Third-party directive names that must not be reported as unknown. */
  readonly extraDirectives: readonly string[];
  /** Engine.IO ping interval in seconds (python-engineio default 25). */
  readonly pingInterval: number;
  /** Files larger than this (bytes) are not analysed; they get one diagnostic instead. */
  readonly maxFileSize: number;
  /** At most this many files are reached through includes/globs from one entry file. */
  readonly maxIncludedFiles: number;
  /** Globs of gunicorn config files (matched against the path). */
  readonly gunicornFiles: readonly string[];
  /** Globs of uWSGI ini files; any other .ini with a [uwsgi] section counts too. */
  readonly uwsgiFiles: readonly string[];
  /** Target gunicorn version such as "20.1.0"; undefined means unknown. */
  readonly gunicornVersion?: string;
  /** Target python-engineio version (Debian bookworm ships 4.3.4); undefined means unknown. */
  readonly engineioVersion?: string;
  /** How uWSGI is installed: Debian's modular build needs `plugins =`; pip's monolithic one does not. */
  readonly uwsgiBuild?: 'debian' | 'pip';
  /**
   * Whether the app serves WebSockets / Socket.IO: `auto` decides from the configs (an nginx
   * WebSocket location linked to it, worker classes, module names), `yes`/`no` say it outright.
   */
  readonly websocketApp: 'auto' | 'yes' | 'no';
}

export const DEFAULT_SETTINGS: Settings = {
  rules: {},
  nginxPrefix: '/etc/nginx/',
  extraDirectives: [],
  pingInterval: 25,
  maxFileSize: 5_000_000,
  maxIncludedFiles: 2000,
  gunicornFiles: ['**/gunicorn.conf.py', '**/gunicorn*.py', '**/gunicorn/*.py'],
  uwsgiFiles: ['**/uwsgi.ini', '**/*uwsgi*.ini', '**/uwsgi/**/*.ini'],
  websocketApp: 'auto',
};

/**
 * Layers settings, later layers winning. Rules merge per rule id and per field, so a layer
 * that only changes a rule's level keeps the options an earlier layer gave it.
 */
export function resolveSettings(...layers: readonly (Partial<Settings> | undefined)[]): Settings {
  // A null prototype: rule ids come from user files and `__proto__` must stay an ordinary key.
  const rules: Record<string, RuleSetting> = Object.create(null);
  let result: Settings = DEFAULT_SETTINGS;
  for (const layer of [{ rules: DEFAULT_SETTINGS.rules }, ...layers]) {
    if (!layer) continue;
    const defined = Object.fromEntries(Object.entries(layer).filter(([key, v]) => v !== undefined && key !== 'rules'));
    result = { ...result, ...defined };
    for (const [id, setting] of Object.entries(layer.rules ?? {})) {
      const fields = Object.fromEntries(Object.entries(setting).filter(([, v]) => v !== undefined));
      rules[id] = { ...rules[id], ...fields };
    }
  }
  return { ...result, rules };
}
