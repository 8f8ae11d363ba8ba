/** Types of the uWSGI knowledge base (generated option table + hand-written notes). */

/** The Debian plugin that provides an option; `core` is built into the uwsgi binary. */
export type UwsgiPlugin = 'core' | 'python3' | 'gevent_python3' | 'http' | 'ugreen' | 'greenlet_python3' | 'asyncio_python3';

export interface UwsgiOptionSpec {
  /** The name uWSGI looks up (exactly; `_` and `-` are different characters to it). */
  readonly name: string;
  readonly plugin: UwsgiPlugin;
  /** `flag`: getopt takes no value on the command line; in an ini any value but false/off/no/0 means on. */
  readonly arg: 'flag' | 'value';
  /** The one-letter command-line form (`-p`), shared by aliases. */
  readonly short?: string;
  /** The first name of the same option when this one is an alias (`workers` → `processes`). */
  readonly aliasOf?: string;
}

export interface UwsgiOptionNote {
  /** One or two sentences in our own words. */
  readonly summary: string;
  /** The default when the option is absent, as uWSGI 2.0 behaves (and Debian differences). */
  readonly default?: string;
  /** What the value looks like (`seconds`, `addr`, `N`). */
  readonly value?: string;
  /** Values worth offering in completion. */
  readonly values?: readonly string[];
  /** Why it matters for WebSocket / Socket.IO apps. */
  readonly websocket?: string;
}
