/** Shapes of the gunicorn knowledge tables (settings.generated.ts) and of a looked-up setting. */

/** What a setting's validator accepts (gunicorn/config.py `validate_*`). */
export type SettingKind =
  | 'int' | 'bool' | 'string' | 'string-list' | 'file-list' | 'comma-list' | 'dict' | 'class' | 'hook'
  | 'user' | 'group' | 'directory' | 'host-port' | 'choice' | 'ssl-version' | 'other';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface GeneratedSetting {
  readonly name: string;
  readonly section: string;
  readonly cli: readonly string[];
  readonly validator: string;
  readonly kind: SettingKind;
  readonly meta?: string;
  readonly action?: string;
  readonly default?: JsonValue;
  /** The default as Python shows it (`['127.0.0.1:8000']`, `def on_starting(server)`). */
  readonly defaultText: string;
  /** The default depends on the environment or the machine (the source expression). */
  readonly defaultSource?: string;
  /** The environment variable the default reads (PORT, WEB_CONCURRENCY, FORWARDED_ALLOW_IPS). */
  readonly envDefault?: string;
  /** Hooks: the positional parameter count gunicorn requires. */
  readonly arity?: number;
  /** Hooks accepting several counts (post_request: 2, 3 or 4). */
  readonly arities?: readonly number[];
  readonly choices?: readonly string[];
  readonly removed?: string;
  readonly note?: string;
}

export interface LaterSetting {
  readonly name: string;
  readonly section: string;
  readonly cli: readonly string[];
  readonly kind: SettingKind;
  readonly defaultText: string;
  readonly default?: JsonValue;
  readonly arity?: number;
  readonly choices?: readonly string[];
  readonly since: string;
  readonly removed?: string;
}

export interface GeneratedWorker {
  readonly name: string;
  /** The class it loads, where known. */
  readonly path?: string;
  readonly since?: string;
  readonly deprecated?: string;
  readonly removed?: string;
}

/** One setting as the service sees it: the facts, their versions, our notes. */
export interface SettingSpec {
  readonly name: string;
  readonly section: string;
  readonly cli: readonly string[];
  readonly kind: SettingKind;
  readonly defaultText: string;
  readonly default?: JsonValue;
  readonly defaultSource?: string;
  readonly envDefault?: string;
  readonly arity?: number;
  readonly arities?: readonly number[];
  readonly choices?: readonly string[];
  /** First version with the setting (undefined: 20.1.0 or earlier). */
  readonly since?: string;
  /** First version without it. */
  readonly removed?: string;
  /** Version notes from the generator (changed defaults, deprecations). */
  readonly versionNote?: string;
  /** Our one-line meaning. */
  readonly meaning: string;
  /** What it means for a WebSocket / Socket.IO app, when it matters. */
  readonly websocket?: string;
  readonly docsUrl: string;
}
