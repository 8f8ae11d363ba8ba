#!/usr/bin/env node
// Generates server/src/service/knowledge/gunicorn/settings.generated.ts from the gunicorn that
// Debian 12 installs (python3-gunicorn 20.1.0-6+deb12u1): every Setting class of
// /usr/lib/python3/dist-packages/gunicorn/config.py (name, section, CLI flags, validator,
// default) and SUPPORTED_WORKERS of gunicorn/workers/__init__.py. Facts only: the settings'
// descriptions are not copied (our own one-line meanings live in notes.ts).
//
// The later releases (21.0 … 26.x) are not installable here, so what they add, change or remove
// is the hand-written table LATER below, from gunicorn's changelog (docs/content/news.md and
// 2026-news.md in benoitc/gunicorn) and ../shared/docs/rules.md §0.2/§3/§5.2.
//
// The output is committed, so a build needs neither Debian nor Python.
// Usage (as root on Debian 12: apt-get install -y python3-gunicorn):
//   node scripts/gen-gunicorn-knowledge.mjs [--check]
//   --check: exit 1 if the committed file differs from what would be generated.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'server/src/service/knowledge/gunicorn/settings.generated.ts');
const DIST = '/usr/lib/python3/dist-packages';

// Introspection runs with an empty environment: some defaults read PORT, WEB_CONCURRENCY or
// FORWARDED_ALLOW_IPS when the module is imported; those are recorded as `envDefault` from
// the source line instead. Importing config.py runs gunicorn's own code, never a user's file.
const PROGRAM = String.raw`
import inspect, json, re, sys
sys.path.insert(0, ${JSON.stringify(DIST)})
import gunicorn, gunicorn.config as config, gunicorn.util as util
from gunicorn.workers import SUPPORTED_WORKERS
from gunicorn.reloader import reloader_engines

KINDS = {
    'validate_pos_int': 'int', 'validate_bool': 'bool', 'validate_string': 'string',
    'validate_list_string': 'string-list', 'validate_list_of_existing_files': 'file-list',
    'validate_string_to_list': 'comma-list', 'validate_dict': 'dict', 'validate_class': 'class',
    '_validate_callable': 'hook', 'validate_post_request': 'hook', 'validate_user': 'user',
    'validate_group': 'group', 'validate_chdir': 'directory', 'validate_hostport': 'host-port',
    'validate_reload_engine': 'choice', 'validate_ssl_version': 'ssl-version',
}

def plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, int):
        return int(value)
    return repr(value)

out = []
for cls in config.KNOWN_SETTINGS:
    s = cls()
    validator = cls.validator.__name__
    entry = {'name': cls.name, 'section': cls.section, 'cli': list(cls.cli or []), 'validator': validator,
             'kind': KINDS.get(validator, 'other')}
    if cls.meta:
        entry['meta'] = cls.meta
    if cls.action:
        entry['action'] = cls.action
    source = inspect.getsource(cls)
    lines = [l.strip() for l in source.splitlines() if re.match(r'\s+default = ', l)]
    if callable(cls.default):
        entry['arity'] = util.get_arity(cls.default)
        params = ', '.join(inspect.signature(cls.default).parameters)
        entry['defaultText'] = 'def %s(%s)' % (cls.name, params)
    else:
        entry['default'] = plain(cls.default)
        entry['defaultText'] = repr(cls.default)
    dynamic = [l for l in lines if 'os.' in l or 'util.' in l]
    if dynamic or 'PORT' in source.split('desc =')[0]:
        entry['defaultSource'] = ' / '.join(l[len('default = '):] for l in dynamic)
        if any(('util.' in l or 'os.get' in l) and 'environ' not in l for l in dynamic):
            # The machine's own value (working directory, user id): not a fact about gunicorn.
            entry.pop('default', None)
            entry['defaultText'] = entry['defaultSource']
        env = re.findall(r'os\.environ(?:\.get)?\(["\'](\w+)["\']', source.split('desc =')[0])
        env += re.findall(r"'(\w+)' in os\.environ", source.split('desc =')[0])
        if env:
            entry['envDefault'] = env[0]
    if validator == 'validate_reload_engine':
        entry['choices'] = sorted(reloader_engines)
    if validator == 'validate_post_request':
        entry['arities'] = [2, 3, 4]
    out.append(entry)

print(json.dumps({'version': gunicorn.__version__, 'settings': out,
                  'workers': [{'name': k, 'path': v} for k, v in SUPPORTED_WORKERS.items()]}))
`;

function debianVersion() {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'python3-gunicorn'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

// ---------------------------------------------------------------------------------------------
// Later releases (hand-written). `since`: first version with the setting; `removed`: first
// version without it; `changes`: what changed in a version we care about.

const LATER = [
  { name: 'logconfig_json', section: 'Logging', cli: ['--log-config-json'], kind: 'string', defaultText: 'None', since: '21.0.0' },
  { name: 'ssl_context', section: 'Server Hooks', cli: [], kind: 'hook', arity: 2, defaultText: 'def ssl_context(config, default_ssl_context_factory)', since: '21.0.0' },
  { name: 'header_map', section: 'Server Mechanics', cli: ['--header-map'], kind: 'choice', choices: ['drop', 'refuse', 'dangerous'], defaultText: "'drop'", default: 'drop', since: '22.0.0' },
  { name: 'forwarder_headers', section: 'Server Mechanics', cli: ['--forwarder-headers'], kind: 'comma-list', defaultText: "'SCRIPT_NAME,PATH_INFO'", default: 'SCRIPT_NAME,PATH_INFO', since: '22.0.0' },
  { name: 'permit_unconventional_http_method', section: 'Server Mechanics', cli: ['--permit-unconventional-http-method'], kind: 'bool', defaultText: 'False', default: false, since: '22.0.0' },
  { name: 'permit_unconventional_http_version', section: 'Server Mechanics', cli: ['--permit-unconventional-http-version'], kind: 'bool', defaultText: 'False', default: false, since: '22.0.0' },
  { name: 'casefold_http_method', section: 'Server Mechanics', cli: ['--casefold-http-method'], kind: 'bool', defaultText: 'False', default: false, since: '22.0.0' },
  { name: 'root_path', section: 'Server Mechanics', cli: ['--root-path'], kind: 'string', defaultText: "''", default: '', since: '24.0.0' },
  { name: 'protocol', section: 'Server Mechanics', cli: ['--protocol'], kind: 'choice', choices: ['http', 'uwsgi'], defaultText: "'http'", default: 'http', since: '24.0.0' },
  { name: 'uwsgi_allow_ips', section: 'Server Mechanics', cli: ['--uwsgi-allow-from'], kind: 'comma-list', defaultText: "'127.0.0.1,::1'", default: '127.0.0.1,::1', since: '24.0.0' },
  { name: 'asgi_loop', section: 'Worker Processes', cli: ['--asgi-loop'], kind: 'choice', choices: ['auto', 'asyncio', 'uvloop'], defaultText: "'auto'", default: 'auto', since: '24.0.0' },
  { name: 'asgi_lifespan', section: 'Worker Processes', cli: ['--asgi-lifespan'], kind: 'choice', choices: ['auto', 'on', 'off'], defaultText: "'auto'", default: 'auto', since: '24.0.0' },
  { name: 'http_protocols', section: 'Server Mechanics', cli: ['--http-protocols'], kind: 'comma-list', defaultText: "'h1'", default: 'h1', since: '25.0.0' },
  { name: 'http2_max_concurrent_streams', section: 'HTTP/2', cli: ['--http2-max-concurrent-streams'], kind: 'int', defaultText: '100', since: '25.0.0' },
  { name: 'http2_initial_window_size', section: 'HTTP/2', cli: ['--http2-initial-window-size'], kind: 'int', defaultText: '65535', since: '25.0.0' },
  { name: 'http2_max_frame_size', section: 'HTTP/2', cli: ['--http2-max-frame-size'], kind: 'int', defaultText: '16384', since: '25.0.0' },
  { name: 'http2_max_header_list_size', section: 'HTTP/2', cli: ['--http2-max-header-list-size'], kind: 'int', defaultText: '65536', since: '25.0.0' },
  { name: 'dirty_app', section: 'Dirty Arbiters', cli: ['--dirty-app'], kind: 'string-list', defaultText: '[]', since: '25.0.0' },
  { name: 'dirty_workers', section: 'Dirty Arbiters', cli: ['--dirty-workers'], kind: 'int', defaultText: '0', since: '25.0.0' },
  { name: 'dirty_timeout', section: 'Dirty Arbiters', cli: ['--dirty-timeout'], kind: 'int', defaultText: '300', since: '25.0.0' },
  { name: 'dirty_threads', section: 'Dirty Arbiters', cli: ['--dirty-threads'], kind: 'int', defaultText: '1', since: '25.0.0' },
  { name: 'dirty_graceful_timeout', section: 'Dirty Arbiters', cli: ['--dirty-graceful-timeout'], kind: 'int', defaultText: '30', since: '25.0.0' },
  { name: 'on_dirty_starting', section: 'Server Hooks', cli: [], kind: 'hook', defaultText: 'def on_dirty_starting(…)', since: '25.0.0' },
  { name: 'dirty_post_fork', section: 'Server Hooks', cli: [], kind: 'hook', defaultText: 'def dirty_post_fork(…)', since: '25.0.0' },
  { name: 'dirty_worker_init', section: 'Server Hooks', cli: [], kind: 'hook', defaultText: 'def dirty_worker_init(…)', since: '25.0.0' },
  { name: 'dirty_worker_exit', section: 'Server Hooks', cli: [], kind: 'hook', defaultText: 'def dirty_worker_exit(…)', since: '25.0.0' },
];

/** Changes to settings that exist in 20.1.0 (applied on top of the generated rows). */
const CHANGES = [
  { name: 'tolerate_dangerous_framing', removed: '23.0.0', note: 'Debian backported it into 20.1.0-6+deb12u1 (upstream added it in 22.0.0 and removed it in 23.0.0).' },
  { name: 'ssl_version', version: '21.0.0', note: 'deprecated and ignored from 21.0.0 (use the ssl_context hook)' },
  { name: 'forwarded_allow_ips', version: '23.0.0', note: "default '127.0.0.1,::1' from 23.0.0; CIDR ranges accepted from 24.1.0 (earlier versions compare the peer IP with each entry as text)" },
  { name: 'proxy_allow_ips', version: '23.0.0', note: "default '127.0.0.1,::1' from 23.0.0; CIDR ranges from 24.1.0" },
  { name: 'worker_class', version: '23.0.0', note: 'accepts a class object from 23.0.0; built-in `asgi` from 24.0.0; `eventlet` deprecated in 25.0.0 and removed in 26.0.0' },
  { name: 'proxy_protocol', version: '24.1.0', note: "from 24.1.0 a mode: 'off', 'v1', 'v2' or 'auto' (was a boolean)" },
];

/** Built-in worker short names after 20.1.0. */
const LATER_WORKERS = [
  { name: 'asgi', since: '24.0.0' },
];
const WORKER_CHANGES = [{ name: 'eventlet', deprecated: '25.0.0', removed: '26.0.0' }];

function literal(value) {
  return JSON.stringify(value);
}

function row(entry) {
  const fields = Object.entries(entry)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${literal(v)}`);
  return `  { ${fields.join(', ')} },`;
}

function generate() {
  const dump = JSON.parse(execFileSync('env', ['-i', 'PATH=/usr/bin:/bin', 'python3', '-c', PROGRAM], { encoding: 'utf8' }));
  const version = debianVersion();
  const changes = new Map(CHANGES.map((c) => [c.name, c]));
  const settings = dump.settings.map((s) => {
    const change = changes.get(s.name);
    return { ...s, ...(change?.removed ? { removed: change.removed } : {}), ...(change?.note ? { note: change.note } : {}) };
  });
  const workerChanges = new Map(WORKER_CHANGES.map((w) => [w.name, w]));
  const workers = dump.workers.map((w) => ({ ...w, ...(workerChanges.get(w.name) ?? {}), name: w.name }));
  return [
    `// generated by scripts/gen-gunicorn-knowledge.mjs from Debian's python3-gunicorn ${version} (gunicorn ${dump.version}),`,
    `// ${DIST}/gunicorn/config.py and gunicorn/workers/__init__.py; LATER_* rows are the script's`,
    '// hand-written table of later releases. Do not edit; run the script.',
    "import type { GeneratedSetting, GeneratedWorker, LaterSetting } from './types';",
    '',
    `export const BASE_VERSION = ${literal(dump.version)};`,
    `export const DEBIAN_PACKAGE_VERSION = ${literal(version)};`,
    '',
    '/** Every setting of the base version, in gunicorn\'s own order. */',
    'export const BASE_SETTINGS: readonly GeneratedSetting[] = [',
    ...settings.map(row),
    '];',
    '',
    '/** Settings added after the base version. */',
    'export const LATER_SETTINGS: readonly LaterSetting[] = [',
    ...LATER.map(row),
    '];',
    '',
    '/** Built-in worker short names (SUPPORTED_WORKERS), with later additions and removals. */',
    'export const WORKERS: readonly GeneratedWorker[] = [',
    ...workers.map(row),
    ...LATER_WORKERS.map(row),
    '];',
    '',
  ].join('\n');
}

const text = generate();
if (process.argv.includes('--check')) {
  const current = readFileSync(outFile, 'utf8');
  if (current !== text) {
    console.error(`${outFile} is out of date; run node scripts/gen-gunicorn-knowledge.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(outFile, text);
  console.log(`wrote ${outFile}`);
}
