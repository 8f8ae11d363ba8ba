/**
 * Runs one scenario's real servers: Debian's nginx, gunicorn and uWSGI on 127.0.0.1 high
 * ports, each in its own process group, in a private temp copy of the scenario folder.
 *
 * Placeholders in the scenario files are replaced in the copy:
 *   {{PORT}}       the port nginx listens on (the one clients use)
 *   {{APP_PORT}}   the app server's port; {{APP_PORT2}} a second one; {{SPARE_PORT}} a free one
 *   {{APP_DIR}}    the shared Flask-SocketIO app (test/scenarios/app)
 *   {{DIR}}        the temp copy itself (unix sockets, logs)
 * nginx runs with `-p <copy>/`, its own pid, error log and temp paths (scenario nginx.conf
 * files include `scenario-runtime.conf`, which the harness writes), never the system service.
 * Every gunicorn*.py in the folder starts one gunicorn, every *uwsgi*.ini one uWSGI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const APP_DIR = path.resolve(__dirname, '../../../../test/scenarios/app');
export const PLACEHOLDERS = ['PORT', 'APP_PORT', 'APP_PORT2', 'SPARE_PORT'] as const;
export type PortName = (typeof PLACEHOLDERS)[number];
export type Ports = Readonly<Record<PortName, number>>;

const BINARIES = { nginx: '/usr/sbin/nginx', gunicorn: '/usr/bin/gunicorn', uwsgi: '/usr/bin/uwsgi' } as const;

/** Ports handed out in this process, so parallel scenarios never get the same one. */
const handedOut = new Set<number>();

async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address() as net.AddressInfo;
        server.close(() => resolve(address.port));
      });
    });
    if (port >= 20000 && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

export async function allocatePorts(): Promise<Ports> {
  const ports: Partial<Record<PortName, number>> = {};
  for (const name of PLACEHOLDERS) ports[name] = await freePort();
  return ports as Ports;
}

export function substitute(text: string, ports: Ports, dir: string): string {
  return text.replace(/\{\{([A-Z_0-9]+)\}\}/g, (whole, name: string) => {
    if (name === 'APP_DIR') return APP_DIR;
    if (name === 'DIR') return dir;
    if ((PLACEHOLDERS as readonly string[]).includes(name)) return String(ports[name as PortName]);
    throw new Error(`unknown placeholder ${whole}`);
  });
}

/** nginx's private paths, included by every scenario's http block. */
export const RUNTIME_CONF = 'scenario-runtime.conf';
const RUNTIME_TEXT = `# Written by the wsconf scenario harness: private temp paths and logs for this nginx.
access_log access.log;
client_body_temp_path tmp/body;
proxy_temp_path tmp/proxy;
fastcgi_temp_path tmp/fastcgi;
uwsgi_temp_path tmp/uwsgi;
scgi_temp_path tmp/scgi;
`;

export const SCENARIO_FILES = /^(nginx\.conf|gunicorn.*\.py|.*uwsgi.*\.ini)$/;

/** Copies the scenario's config files to a fresh temp dir with the placeholders replaced. */
export function prepareCopy(scenarioDir: string, ports: Ports): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `wsconf-scenario-${path.basename(scenarioDir)}-`)));
  for (const name of fs.readdirSync(scenarioDir)) {
    if (!SCENARIO_FILES.test(name)) continue;
    fs.writeFileSync(path.join(dir, name), substitute(fs.readFileSync(path.join(scenarioDir, name), 'utf8'), ports, dir));
  }
  fs.writeFileSync(path.join(dir, RUNTIME_CONF), RUNTIME_TEXT);
  fs.mkdirSync(path.join(dir, 'tmp'));
  return dir;
}

/** The config files of a prepared copy that wsconf lints and the servers read. */
export function configFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => SCENARIO_FILES.test(n))
    .sort()
    .map((n) => path.join(dir, n));
}

interface Started {
  readonly name: string;
  readonly child: ChildProcess;
  readonly log: string;
  readonly exited: Promise<void>;
  /** Ports this process listens on, read from its config. */
  readonly ports: readonly number[];
  /** A line in the log that says the app is loaded (or failed to load), for app servers. */
  readonly ready?: RegExp;
}

/** All process groups still running, ended on exit even when a scenario throws. */
const live = new Set<Started>();
function killGroup(p: Started, signal: NodeJS.Signals): void {
  try {
    if (p.child.pid !== undefined) process.kill(-p.child.pid, signal);
  } catch {
    // already gone
  }
}
process.once('exit', () => {
  for (const p of live) killGroup(p, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const p of live) killGroup(p, 'SIGKILL');
    process.exit(130);
  });
}

function start(name: string, command: string, args: readonly string[], dir: string, extra: Partial<Started>): Started {
  const log = path.join(dir, `${name}.log`);
  const fd = fs.openSync(log, 'a');
  const child = spawn(command, args, {
    cwd: dir,
    detached: true, // its own process group, ended as a whole
    stdio: ['ignore', fd, fd],
    env: {
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      LANG: 'C.UTF-8',
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      WSCONF_PING_INTERVAL: String(PING_INTERVAL),
    },
  });
  fs.closeSync(fd);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const started: Started = { name, child, log, exited, ports: extra.ports ?? [], ...(extra.ready ? { ready: extra.ready } : {}) };
  live.add(started);
  return started;
}

/** Engine.IO ping interval of the app in the scenarios (seconds); wsconf is told the same. */
export const PING_INTERVAL = 2;

function listenPorts(text: string, pattern: RegExp): number[] {
  const ports: number[] = [];
  for (const m of text.matchAll(pattern)) ports.push(Number(m[1]));
  return ports;
}

const APP_READY = /wsconf-scenario-app: async_mode=|no app loaded|no request plugin is loaded|Worker failed to boot|App failed to load/;

export interface Stack {
  readonly dir: string;
  readonly processes: readonly Started[];
  /** The tail of every log, for failure reports. */
  logs(): string;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds, the process has exited or `timeoutMs` passed. */
async function waitFor(check: () => Promise<boolean> | boolean, p: Started, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    if (p.child.exitCode !== null || p.child.signalCode !== null) return false;
    await delay(50);
  }
  return false;
}

/** Starts every server of the prepared copy and waits until they listen and the apps are loaded. */
export async function startStack(dir: string): Promise<Stack> {
  const processes: Started[] = [];
  const stack: Stack = {
    dir,
    processes,
    logs: () =>
      processes
        .map((p) => {
          let text = '';
          try {
            text = fs.readFileSync(p.log, 'utf8');
          } catch {
            // no log
          }
          return `--- ${p.name} (exit ${p.child.exitCode ?? p.child.signalCode ?? 'running'})\n${text.split('\n').slice(-12).join('\n')}`;
        })
        .join('\n'),
    async stop() {
      for (const p of processes) killGroup(p, 'SIGKILL');
      await Promise.all(processes.map((p) => p.exited));
      for (const p of processes) live.delete(p);
    },
  };
  try {
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (/^gunicorn.*\.py$/.test(name)) {
        const text = fs.readFileSync(file, 'utf8');
        processes.push(
          start(name.replace(/\.py$/, ''), BINARIES.gunicorn, ['-c', file, '--chdir', APP_DIR, 'app:app'], dir, {
            ports: listenPorts(text, /^bind\s*=.*?127\.0\.0\.1:(\d+)/gm),
            ready: APP_READY,
          }),
        );
      } else if (/uwsgi.*\.ini$/.test(name)) {
        const text = fs.readFileSync(file, 'utf8');
        processes.push(
          start(name.replace(/\.ini$/, ''), BINARIES.uwsgi, ['--ini', file], dir, {
            ports: listenPorts(text, /^\s*(?:socket|http-socket|http|uwsgi-socket)\s*=\s*127\.0\.0\.1:(\d+)/gm),
            ready: APP_READY,
          }),
        );
      }
    }
    const nginxConf = path.join(dir, 'nginx.conf');
    const errorLog = path.join(dir, 'error.log');
    processes.push(
      start(
        'nginx',
        BINARIES.nginx,
        ['-p', `${dir}/`, '-c', nginxConf, '-e', errorLog, '-g', `daemon off; master_process on; user root; pid ${dir}/nginx.pid; error_log ${errorLog} info;`],
        dir,
        { ports: listenPorts(fs.readFileSync(nginxConf, 'utf8'), /^\s*listen\s+127\.0\.0\.1:(\d+)/gm) },
      ),
    );
    for (const p of processes) {
      for (const port of p.ports) await waitFor(() => portOpen(port), p, 15_000);
      const ready = p.ready;
      if (ready) await waitFor(() => ready.test(fs.readFileSync(p.log, 'utf8')), p, 15_000);
    }
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}
