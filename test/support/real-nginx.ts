/**
 * Runs the real nginx binary on a corpus case, so tests can check that what wsconf says
 * about a config agrees with what nginx itself does.
 *
 * Only node built-ins are imported here: scripts/record-nginx-corpus.mjs transpiles this
 * file on the fly (no build step) to regenerate test/fixtures/corpus/nginx/expectations.json.
 *
 * How a case is tested: the case folder is copied to a fresh temp dir T and nginx runs as
 *   nginx -t -q -p T/ -c T/nginx.conf -e T/error.log
 * nginx resolves relative `include`, `ssl_certificate`… against the directory of the main
 * config file (the "conf prefix", here T) and relative `pid`, log and temp paths against
 * the prefix (-p, also T), so nothing outside T is touched and root is not needed as long
 * as the case sets pid/error_log/access_log/*_temp_path relative (the corpus cases do).
 * `-e` (startup error log, nginx >= 1.19.5) keeps nginx from opening the compiled-in log.
 *
 * `nginx -t` is not read-only: it creates the pid file, log files and temp dirs, and it
 * bind()s every `listen` address (EADDRINUSE is ignored in test mode, but any other error is
 * fatal: `listen 80` fails with EACCES for a non-root user). It also resolves proxy_pass and
 * upstream host names with the system resolver. To make the verdict independent of who runs
 * it and of the machine's DNS, nginx runs in a fresh network namespace when `unshare` allows
 * it (`unshare -n` as root, `unshare -rn` otherwise, loopback brought up with `ip`): low ports
 * are allowed there and only /etc/hosts names resolve. Set WSCONF_NGINX_NO_NETNS=1 to run
 * nginx directly.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What to tell a developer whose machine has no nginx. */
export const NGINX_INSTALL_HINT =
  'nginx is not installed: run `scripts/ensure-system-deps.sh nginx` (Debian/Ubuntu, installs nginx + libnginx-mod-stream ' +
  'without starting the service), or set WSCONF_NGINX=/path/to/nginx, or set WSCONF_SKIP_REAL_SERVERS=1 to skip ' +
  'the real-server checks';

export interface NginxLocation {
  /** File as nginx reported it, relative to the case folder when it lies inside it. */
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
}

export interface NginxTestResult {
  /** true when `nginx -t` exited with status 0. */
  readonly accepted: boolean;
  /**
   * nginx's messages, normalised: the temp dir is removed from paths (so they are relative
   * to the case folder), the `nginx: ` prefix and the closing "configuration file … test
   * failed/is successful" line are dropped. One message per line, e.g.
   * `[emerg] unknown directive "proxy_set_headers" in nginx.conf:22`. Empty when nginx
   * accepted the config without warnings.
   */
  readonly output: string;
  /** Where the first message points, when it names a file and line. */
  readonly location?: NginxLocation;
  /** Exit status, or null when nginx was killed by a signal (see `signal`) or timed out. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  /** stderr + stdout exactly as nginx printed them (temp paths included). */
  readonly raw: string;
  /** How nginx was run: in its own network namespace (as root or in a user namespace) or directly. */
  readonly isolation: Isolation;
}

export type Isolation = 'netns' | 'userns+netns' | 'none';

export interface NginxTestOptions {
  /** The binary to run; default nginxBinary(). */
  readonly binary?: string;
  /** Kill nginx after this long; default 20 s (a DNS lookup in proxy_pass can be slow). */
  readonly timeoutMs?: number;
  /** Keep the temp copy for debugging (its path is appended to `raw`). Also env WSCONF_KEEP_NGINX_TMP=1. */
  readonly keepTemp?: boolean;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Absolute path of the nginx binary to test against, or undefined when there is none.
 * Order: env WSCONF_NGINX, `nginx` on PATH, then /usr/sbin/nginx and /usr/local/sbin/nginx
 * (sbin is often missing from a non-root PATH).
 */
export function nginxBinary(): string | undefined {
  const fromEnv = process.env['WSCONF_NGINX'];
  if (fromEnv) return isExecutable(fromEnv) ? path.resolve(fromEnv) : undefined;
  return findOnPath('nginx', ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin']);
}

function findOnPath(name: string, extra: readonly string[] = []): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const dir of [...dirs, ...extra]) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return path.resolve(candidate);
  }
  return undefined;
}

let isolationProbe: { mode: Isolation; unshare?: string; ip?: string } | undefined;

/**
 * Whether nginx can run in its own network namespace here (probed once per process):
 * `unshare -n` needs root (CAP_SYS_ADMIN), `unshare -rn` needs unprivileged user
 * namespaces; containers started without those privileges get 'none'.
 */
export function nginxIsolation(): Isolation {
  return probeIsolation().mode;
}

function probeIsolation(): { mode: Isolation; unshare?: string; ip?: string } {
  if (isolationProbe) return isolationProbe;
  isolationProbe = { mode: 'none' };
  if (process.env['WSCONF_NGINX_NO_NETNS'] === '1' || process.platform !== 'linux') return isolationProbe;
  const unshare = findOnPath('unshare', ['/usr/bin', '/bin']);
  const ip = findOnPath('ip', ['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  if (!unshare || !ip) return isolationProbe;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const r = spawnSync(unshare, [root ? '-n' : '-rn', ip, 'link', 'set', 'lo', 'up'], { timeout: 10_000, stdio: 'ignore' });
  if (r.status === 0) isolationProbe = { mode: root ? 'netns' : 'userns+netns', unshare, ip };
  return isolationProbe;
}

/** `nginx -v` of the binary, e.g. "1.22.1"; undefined when it cannot be run. */
export function nginxVersion(binary: string | undefined = nginxBinary()): string | undefined {
  if (!binary) return undefined;
  const r = spawnSync(binary, ['-v'], { encoding: 'utf8', timeout: 10_000 });
  const m = /nginx\/(\d+\.\d+\.\d+)/.exec(`${r.stderr ?? ''}${r.stdout ?? ''}`);
  return m?.[1];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Turns nginx's stderr into the stable form stored in expectations.json (see
 * NginxTestResult.output). `tmpDir` is the directory the case was copied to.
 */
export function normalizeNginxOutput(raw: string, tmpDir: string): string {
  const dir = tmpDir.replace(/\/+$/, '');
  const inside = new RegExp(`${escapeRegExp(dir)}/`, 'g');
  const itself = new RegExp(`${escapeRegExp(dir)}(?![\\w.-])`, 'g');
  return raw
    .split(/\r?\n/)
    .map((line) => line.replace(inside, '').replace(itself, '.').replace(/^nginx: /, '').trimEnd())
    .filter((line) => line !== '')
    .filter((line) => !/^configuration file .* test (failed|is successful)$/.test(line))
    .filter((line) => !/^the configuration file .* syntax is ok$/.test(line))
    .join('\n');
}

/** The `in <file>:<line>` nginx appends to a message, from the first message that has one. */
export function parseNginxLocation(output: string): NginxLocation | undefined {
  for (const line of output.split('\n')) {
    const m = / in (\S+):(\d+)$/.exec(line);
    if (m) return { file: m[1] as string, line: Number(m[2]) };
  }
  return undefined;
}

/**
 * Copies `caseDir` (which must contain nginx.conf) to a fresh temp dir and runs
 * `nginx -t -q` on it there. Throws only when nginx cannot be started at all.
 *
 * The open-file limit is set to 1024 first: an include cycle makes nginx recurse until
 * it runs out of file descriptors ("Too many open files"), but with a high limit it
 * overflows its stack first and dies of SIGSEGV without a message. 1024 makes the
 * outcome the same on every machine.
 */
export function nginxTest(caseDir: string, options: NginxTestOptions = {}): NginxTestResult {
  const binary = options.binary ?? nginxBinary();
  if (!binary) throw new Error(NGINX_INSTALL_HINT);
  const source = path.resolve(caseDir);
  if (!fs.existsSync(path.join(source, 'nginx.conf'))) {
    throw new Error(`${source} has no nginx.conf`);
  }

  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wsconf-nginx-')));
  const keep = options.keepTemp === true || process.env['WSCONF_KEEP_NGINX_TMP'] === '1';
  try {
    // verbatimSymlinks keeps relative links (sites-enabled/x -> ../sites-available/x) relative.
    fs.cpSync(source, tmp, { recursive: true, verbatimSymlinks: true });
    const args = ['-t', '-q', '-p', `${tmp}/`, '-c', path.join(tmp, 'nginx.conf'), '-e', path.join(tmp, 'error.log')];
    const iso = probeIsolation();
    if (iso.mode === 'userns+netns' && !/^[ \t]*user[ \t]/m.test(fs.readFileSync(path.join(tmp, 'nginx.conf'), 'utf8'))) {
      // Inside a user namespace nginx believes it is root and would chown its temp dirs to
      // the default user "nobody", who is not mapped there; "root" is (it is the caller).
      args.unshift('-g', 'user root;');
    }
    const script = 'ulimit -n 1024 2>/dev/null || true; if [ -n "$WSCONF_IP" ]; then "$WSCONF_IP" link set lo up || exit 125; fi; exec "$0" "$@"';
    const command =
      iso.mode === 'none'
        ? ['/bin/sh', '-c', script, binary, ...args]
        : [iso.unshare as string, iso.mode === 'netns' ? '-n' : '-rn', '/bin/sh', '-c', script, binary, ...args];
    const r = spawnSync(command[0] as string, command.slice(1), {
      cwd: tmp,
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 20_000,
      killSignal: 'SIGKILL',
      // A clean environment: no NGINX (inherited sockets), C locale for strerror() texts.
      env: {
        PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin',
        LANG: 'C',
        LC_ALL: 'C',
        ...(iso.mode === 'none' ? {} : { WSCONF_IP: iso.ip as string }),
      },
    });
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`cannot run ${binary}: ${r.error.message}`);
    }
    let raw = `${r.stderr ?? ''}${r.stdout ?? ''}`;
    let output = normalizeNginxOutput(raw, tmp);
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
      output = [output, `nginx -t did not finish within ${options.timeoutMs ?? 20_000} ms`].filter(Boolean).join('\n');
    } else if (r.signal) {
      output = [output, `nginx -t was killed by ${r.signal}`].filter(Boolean).join('\n');
    }
    if (keep) raw += `\n(temp copy kept in ${tmp})`;
    const location = parseNginxLocation(output);
    return {
      accepted: r.status === 0,
      output,
      ...(location ? { location } : {}),
      status: r.status,
      signal: r.signal,
      raw,
      isolation: iso.mode,
    };
  } finally {
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The corpus cases under `corpusDir`: every sub-folder holding an nginx.conf, sorted. */
export function listCorpusCases(corpusDir: string): string[] {
  return fs
    .readdirSync(corpusDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(corpusDir, e.name, 'nginx.conf')))
    .map((e) => e.name)
    .sort();
}
