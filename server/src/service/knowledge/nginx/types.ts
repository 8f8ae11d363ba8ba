/**
 * Typed facts about nginx directives. The table itself is generated from @nginx/reference-lib
 * (official nginx documentation data, Apache-2.0) by scripts/gen-nginx-knowledge.mjs.
 */

/**
 * Where a directive may appear. `if-in-server`/`if-in-location` are the bodies of `if`
 * blocks; `map`, `types`, `geo` etc. hold entries, not directives, and are not contexts here.
 */
export type NginxContext =
  | 'main'
  | 'events'
  | 'http'
  | 'server'
  | 'location'
  | 'if-in-server'
  | 'if-in-location'
  | 'limit_except'
  | 'upstream'
  | 'stream'
  | 'stream-server'
  | 'stream-upstream'
  | 'mail'
  | 'mail-server'
  // Blocks of newer or commercial modules (nginx 1.29 acme/oidc, NGINX Plus mgmt): their
  // children are only valid there, so they need a context of their own.
  | 'acme_issuer'
  | 'oidc_provider'
  | 'mgmt';

/** How many arguments a form accepts; `max` undefined means no upper limit. */
export type ArgSpec = { readonly kind: 'flag' } | { readonly kind: 'count'; readonly min: number; readonly max?: number };

/** One way a directive may be used: the same name can differ by module (http `server` vs upstream `server`). */
export interface DirectiveForm {
  readonly module: string;
  readonly contexts: readonly NginxContext[];
  readonly args: ArgSpec;
  readonly block: boolean;
  /** Syntax lines as documented, e.g. `proxy_pass URL;`. */
  readonly syntax: readonly string[];
  /** Documented default, e.g. `60s`; undefined when there is none. */
  readonly default?: string;
  /** Link to the directive on nginx.org. */
  readonly url: string;
  /**
   * Literal keywords when a syntax line is a pure enumeration (`on | off | always`,
   * `1.0 | 1.1 | 2`); derived at generation time, where literals and placeholders still differ.
   */
  readonly values?: readonly string[];
}

export interface DirectiveSpec {
  readonly name: string;
  readonly forms: readonly DirectiveForm[];
}

/** Our own words on why a directive matters for WebSocket / Socket.IO deployments. */
export interface DirectiveNote {
  readonly summary: string;
  readonly websocket?: string;
  /** Enumerated values for completion, e.g. ['on', 'off']. */
  readonly values?: readonly string[];
  readonly since?: string;
}

/** Our own words on a variable that matters for WebSocket proxying. */
export interface VariableNote {
  readonly summary: string;
  readonly websocket?: string;
  /** False for names people expect nginx to provide but that a config must define (`$connection_upgrade`). */
  readonly builtin: boolean;
  readonly since?: string;
}

export interface VariableSpec {
  /** Without the `$`; for a prefix family (`$http_NAME`) this is the prefix, e.g. `http_`. */
  readonly name: string;
  /** True for families such as `http_`, `arg_`, `cookie_`: any name with this prefix is built in. */
  readonly prefix?: boolean;
  readonly module: string;
  readonly url: string;
}
