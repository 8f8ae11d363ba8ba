/** Parsers for nginx argument values: times, proxy URLs, versions. */

const TIME_UNITS: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  M: 2592000,
  y: 31536000,
};

/** `90`, `30s`, `1m30s`, `500ms`, `1h` → seconds; undefined when nginx would reject it. */
export function parseNginxTime(value: string): number | undefined {
  if (value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const re = /(\d+)(ms|s|m|h|d|w|M|y)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = re.exec(value); match; match = re.exec(value)) {
    total += Number(match[1]) * TIME_UNITS[match[2]!]!;
    consumed = re.lastIndex;
  }
  return consumed === value.length ? total : undefined;
}

export function formatSeconds(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`;
}

export interface ProxyUrl {
  readonly scheme: string | undefined;
  /** Host name, IP or upstream name; undefined for unix sockets. */
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly unixPath: string | undefined;
  /** The URI part after host[:port] (including its leading `/`), or undefined when absent. */
  readonly uri: string | undefined;
  /** Offset of the URI part inside the argument value, when present. */
  readonly uriOffset: number | undefined;
  readonly hasVariables: boolean;
}

/**
 * `http://app/socket.io`, `http://127.0.0.1:5000`, `http://unix:/run/app.sock:/uri`,
 * `unix:/run/x.sock` and bare `host:port` (uwsgi_pass).
 */
export function parseProxyUrl(value: string): ProxyUrl {
  const hasVariables = value.includes('$');
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  const scheme = schemeMatch?.[1]?.toLowerCase();
  const rest = schemeMatch ? value.slice(schemeMatch[0].length) : value;
  const restOffset = value.length - rest.length;
  if (rest.startsWith('unix:')) {
    // The socket path ends at the next ':'; a URI may follow it.
    const colon = rest.indexOf(':', 5);
    const unixPath = colon === -1 ? rest.slice(5) : rest.slice(5, colon);
    const uri = colon === -1 ? undefined : rest.slice(colon + 1);
    return {
      scheme,
      host: undefined,
      port: undefined,
      unixPath,
      uri: uri === '' ? undefined : uri,
      uriOffset: uri ? restOffset + colon + 1 : undefined,
      hasVariables,
    };
  }
  // The URI starts at the first `/` or `?` after the authority (`http://h:1?x=1` has one).
  const slash = rest.search(/[/?]/);
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const uri = slash === -1 ? undefined : rest.slice(slash);
  let host = authority;
  let port: number | undefined;
  const bracket = /^\[([^\]]*)\](?::(\d+))?$/.exec(authority);
  if (bracket) {
    host = bracket[1]!;
    port = bracket[2] ? Number(bracket[2]) : undefined;
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon !== -1 && /^\d+$/.test(authority.slice(colon + 1))) {
      host = authority.slice(0, colon);
      port = Number(authority.slice(colon + 1));
    }
  }
  return {
    scheme,
    host,
    port,
    unixPath: undefined,
    uri,
    uriOffset: uri === undefined ? undefined : restOffset + slash,
    hasVariables,
  };
}

/** -1, 0, 1 comparing dotted versions numerically (`1.22.1` < `1.29.7`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Whether the target version is at least `version`; undefined when the target is unknown. */
export function versionAtLeast(target: string | undefined, version: string): boolean | undefined {
  if (!target) return undefined;
  return compareVersions(target, version) >= 0;
}

export function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}
