/**
 * The built CLI (server/out/cli.js), run as a user runs it: a child process on temporary
 * folders. Checks exit codes, the exact JSON shape, folder discovery, display paths, --fix,
 * configuration, usage errors and that bad input never crashes it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, suite, test } from 'node:test';
import { NGINX_INSTALL_HINT, nginxBinary, nginxTest } from '../support/real-nginx';

function findRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'esbuild.mjs'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`repository root (with esbuild.mjs) not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

const ROOT = findRoot();
const CLI = join(ROOT, 'server', 'out', 'cli.js');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function wsconf(args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonFinding {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

function json(run: Run): JsonFinding[] {
  let parsed: { findings: JsonFinding[] };
  try {
    parsed = JSON.parse(run.stdout);
  } catch {
    assert.fail(`stdout is not JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  assert.deepEqual(Object.keys(parsed), ['findings']);
  return parsed.findings;
}

let tmp: string;
let counter = 0;

/** Writes a set of files into a fresh folder and returns its path. */
function project(files: Readonly<Record<string, string | Buffer>>): string {
  const dir = join(tmp, `p${++counter}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const CLEAN = `events {
    worker_connections 1024;
}

http {
    server {
        listen 80;
        server_name example.com;
        root /srv/www;
    }
}
`;

before(() => {
  if (!existsSync(CLI)) {
    const build = spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `node esbuild.mjs failed:\n${build.stdout}\n${build.stderr}`);
  }
  tmp = mkdtempSync(join(tmpdir(), 'wsconf-cli-'));
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

suite('wsconf CLI: basics', () => {
  test('--help prints the usage and exits 0', () => {
    const run = wsconf(['--help'], ROOT);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Usage: wsconf check \[paths\.\.\.\]/);
    for (const flag of ['--format', '--nginx-version', '--config', '--fix', '--rule', '--max-warnings', '--list-rules', '--version']) {
      assert.ok(run.stdout.includes(flag), `usage mentions ${flag}`);
    }
  });

  test('the README shows the current usage text', () => {
    const run = wsconf(['--help'], ROOT);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.ok(readme.includes(`\`\`\`text\n${run.stdout}\`\`\``), 'README.md must contain the output of `wsconf --help` verbatim');
  });

  test('--version prints the package version', () => {
    const run = wsconf(['--version'], ROOT);
    assert.equal(run.status, 0);
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(run.stdout.trim(), version);
  });

  test('--list-rules lists every rule with its default severity', () => {
    const run = wsconf(['--list-rules', '--format', 'json'], ROOT);
    assert.equal(run.status, 0);
    const { rules } = JSON.parse(run.stdout) as { rules: { id: string; severity: string }[] };
    assert.ok(rules.some((r) => r.id === 'nginx/syntax' && r.severity === 'error'));
    const text = wsconf(['--list-rules'], ROOT);
    assert.match(text.stdout, /^nginx\/syntax\s+error/m);
  });

  test('a clean deployment exits 0 with no findings', () => {
    const dir = project({ 'nginx.conf': CLEAN });
    const run = wsconf(['check', dir, '--format', 'json'], tmp);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(json(run), []);
    const text = wsconf(['check', dir], tmp);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /No problems found in 1 file/);
  });

  test('the bundled known-good example is clean, the broken one is not', () => {
    const fixed = wsconf(['check', 'examples/flask-socketio-fixed', '--format', 'json'], ROOT);
    assert.equal(fixed.status, 0, fixed.stdout);
    assert.deepEqual(json(fixed), []);
    const broken = wsconf(['check', 'examples/flask-socketio-broken', '--format', 'json'], ROOT);
    assert.equal(broken.status, 1);
    const findings = json(broken);
    assert.ok(findings.some((f) => f.file === 'sites-enabled/dashboard' && f.severity === 'error'), JSON.stringify(findings));
  });

  test('an error-level finding exits 1; the JSON has exactly the documented shape with 0-based UTF-16 positions', () => {
    const dir = project({
      'nginx.conf': `events {}\nhttp {\n    server {\n        add_header X-Face "\u{1F600}"; proxy_pas http://127.0.0.1:5000;\n    }\n}\n`,
    });
    const run = wsconf(['check', dir, '--format', 'json'], tmp);
    assert.equal(run.status, 1);
    const findings = json(run);
    const unknown = findings.find((f) => f.ruleId === 'nginx/unknown-directive');
    assert.ok(unknown, JSON.stringify(findings));
    // `        add_header X-Face "😀"; ` is 32 UTF-16 code units (31 characters: the emoji counts 2).
    assert.deepEqual(unknown.range, { start: { line: 3, character: 32 }, end: { line: 3, character: 41 } });
    assert.equal(unknown.file, 'nginx.conf');
    assert.equal(unknown.severity, 'error');
    assert.match(unknown.message, /proxy_pas/);
    for (const f of findings) {
      assert.deepEqual(Object.keys(f).slice(0, 5), ['file', 'ruleId', 'severity', 'message', 'range']);
      assert.ok(['error', 'warning', 'info'].includes(f.severity));
      assert.match(f.ruleId, /^nginx\/[a-z0-9-]+$/);
      assert.deepEqual(Object.keys(f.range), ['start', 'end']);
      assert.deepEqual(Object.keys(f.range.start), ['line', 'character']);
      assert.deepEqual(Object.keys(f.range.end), ['line', 'character']);
    }
  });

  test('warnings alone exit 0, and 1 with --max-warnings below their count', () => {
    const dir = project({ 'nginx.conf': CLEAN.replace('root /srv/www;', 'root /srv/www;\n        include snippets/not-in-repo.conf;') });
    const run = wsconf(['check', dir, '--format', 'json'], tmp);
    const findings = json(run);
    assert.ok(findings.length > 0 && findings.every((f) => f.severity !== 'error'), JSON.stringify(findings));
    assert.equal(run.status, 0);
    assert.equal(wsconf(['check', dir, '--max-warnings', '0'], tmp).status, 1);
    assert.equal(wsconf(['check', dir, '--max-warnings', String(findings.length)], tmp).status, 0);
  });

  test('findings are sorted by file, then position', () => {
    const dir = project({
      'sites-enabled/b': 'server {\n    listen 80;\n    bogus_two on;\n    bogus_one on;\n}\n',
      'sites-enabled/a': 'server {\n    listen 80;\n    bogus_three on;\n}\n',
    });
    const findings = json(wsconf(['check', dir, '--format', 'json'], tmp)).filter((f) => f.ruleId === 'nginx/unknown-directive');
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.range.start.line}`),
      ['sites-enabled/a:2', 'sites-enabled/b:2', 'sites-enabled/b:3'],
    );
  });
});

suite('wsconf CLI: finding files', () => {
  test('a folder scan uses the editor patterns plus a content sniff, and skips node_modules and dot-folders', () => {
    const bogus = (n: string) => `server {\n    listen 80;\n    bogus_${n} on;\n}\n`;
    const dir = project({
      'sites-enabled/app': bogus('sites_enabled'),
      'sites-available/other.example.com': bogus('sites_available'),
      'conf.d/x.conf': bogus('conf_d'),
      'deploy/proxy.conf': bogus('sniffed'),
      'site.nginx': bogus('dot_nginx'),
      'templates/default.conf.template': bogus('template'),
      'notes/app.conf': '[app]\nname = demo\n',
      'README.txt': 'server { bogus_readme on; }\n',
      'node_modules/pkg/nginx.conf': bogus('node_modules'),
      '.cache/nginx.conf': bogus('dot_folder'),
    });
    const run = wsconf(['check', dir, '--format', 'json'], tmp);
    const files = [...new Set(json(run).map((f) => f.file))].sort();
    assert.deepEqual(files, [
      'conf.d/x.conf',
      'deploy/proxy.conf',
      'site.nginx',
      'sites-available/other.example.com',
      'sites-enabled/app',
      'templates/default.conf.template',
    ]);
  });

  test('paths are shown relative to the folder given, or as given for a file', () => {
    const dir = project({ 'etc/nginx/sites-enabled/app': 'server {\n    listen 80;\n    bogus on;\n}\n' });
    const folder = wsconf(['check', 'etc/nginx', '--format', 'json'], dir);
    assert.deepEqual(json(folder).map((f) => f.file), ['sites-enabled/app']);
    const file = wsconf(['check', './etc/nginx/sites-enabled/app', '--format', 'json'], dir);
    assert.deepEqual(json(file).map((f) => f.file), ['./etc/nginx/sites-enabled/app']);
  });

  test('an nginx.conf and the files it includes are linted as one deployment', () => {
    const dir = project({
      'nginx.conf': 'events {}\nhttp {\n    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        \'\' close;\n    }\n    include /etc/nginx/sites-enabled/*;\n}\n',
      'sites-enabled/app': 'server {\n    listen 80;\n    location /ws/ {\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection $connection_upgrade;\n        proxy_read_timeout 300s;\n        proxy_pass http://127.0.0.1:8001;\n    }\n}\n',
    });
    // The map in nginx.conf defines $connection_upgrade for the site: no finding at all.
    const run = wsconf(['check', dir, '--format', 'json'], tmp);
    assert.deepEqual(json(run), []);
    assert.equal(run.status, 0);
  });
});

suite('wsconf CLI: options', () => {
  const SOCKETIO = `events {}
http {
    server {
        listen 80;
        location /socket.io/ {
            proxy_http_version 1.1;
            proxy_pass http://127.0.0.1:5000;
        }
        bogus_directive on;
    }
}
`;

  test('--fix applies safe fixes, writes the file and prints what remains', () => {
    const dir = project({ 'nginx.conf': SOCKETIO });
    const before = json(wsconf(['check', dir, '--format', 'json'], tmp));
    assert.ok(before.some((f) => f.ruleId === 'nginx/ws-missing-upgrade-header'), JSON.stringify(before));
    const run = wsconf(['check', dir, '--fix', '--format', 'json'], tmp);
    const after = json(run);
    const text = readFileSync(join(dir, 'nginx.conf'), 'utf8');
    assert.notEqual(text, SOCKETIO);
    assert.match(text, /proxy_set_header Upgrade \$http_upgrade;/);
    assert.ok(!after.some((f) => f.ruleId === 'nginx/ws-missing-upgrade-header'), JSON.stringify(after));
    // The unknown directive has only a suggestion: never applied, still reported.
    assert.ok(after.some((f) => f.ruleId === 'nginx/unknown-directive'));
    assert.match(text, /bogus_directive on;/);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /applied \d+ fix/);
  });

  test('an unused wsconf-disable comment is a warning (exit 0); --fix deletes it; --rule wsconf/unused-disable:off hides it', () => {
    const text = CLEAN.replace('        root /srv/www;', '        # wsconf-disable-next-line nginx/unknown-directive\n        root /srv/www;');
    const dir = project({ 'nginx.conf': text });
    const run = wsconf(['check', dir, '--format', 'json'], tmp);
    assert.deepEqual(json(run).map((f) => `${f.ruleId} ${f.severity} ${f.range.start.line}`), ['wsconf/unused-disable warning 8']);
    assert.equal(run.status, 0);
    assert.deepEqual(json(wsconf(['check', dir, '--format', 'json', '--rule', 'wsconf/unused-disable:off'], tmp)), []);
    const fixed = wsconf(['check', dir, '--fix', '--format', 'json'], tmp);
    assert.deepEqual(json(fixed), []);
    assert.equal(readFileSync(join(dir, 'nginx.conf'), 'utf8'), CLEAN);
  });

  test('--rule id:off and a .wsconf.json turn rules off; --config names the file', () => {
    const dir = project({ 'nginx.conf': SOCKETIO });
    const all = json(wsconf(['check', dir, '--format', 'json'], tmp));
    assert.ok(all.some((f) => f.ruleId === 'nginx/unknown-directive'));
    const ruled = json(wsconf(['check', dir, '--format', 'json', '--rule', 'nginx/unknown-directive:off'], tmp));
    assert.ok(!ruled.some((f) => f.ruleId === 'nginx/unknown-directive'));

    const configDir = project({ 'wsconf-ci.json': JSON.stringify({ rules: { 'nginx/unknown-directive': 'off' } }) });
    const configured = json(wsconf(['check', dir, '--format', 'json', '--config', join(configDir, 'wsconf-ci.json')], tmp));
    assert.ok(!configured.some((f) => f.ruleId === 'nginx/unknown-directive'));
    assert.equal(configured.length, all.length - all.filter((f) => f.ruleId === 'nginx/unknown-directive').length);

    // The nearest .wsconf.json above the folder is used without --config.
    const nested = project({
      '.wsconf.json': JSON.stringify({ rules: { 'nginx/unknown-directive': 'warning' } }),
      'deploy/nginx/nginx.conf': 'events {}\nhttp {\n    bogus_directive on;\n}\n',
    });
    const run = wsconf(['check', join(nested, 'deploy'), '--format', 'json'], tmp);
    const found = json(run);
    assert.deepEqual(found.map((f) => `${f.ruleId} ${f.severity}`), ['nginx/unknown-directive warning']);
    assert.equal(run.status, 0);
  });

  test('--nginx-version is passed to the rules (HTTP/1.1 is the default from 1.29.7)', () => {
    const dir = project({
      'nginx.conf': `events {}\nhttp {\n    server {\n        listen 80;\n        location /ws/ {\n            proxy_set_header Upgrade $http_upgrade;\n            proxy_set_header Connection "upgrade";\n            proxy_read_timeout 300s;\n            proxy_pass http://127.0.0.1:8001;\n        }\n    }\n}\n`,
    });
    const older = json(wsconf(['check', dir, '--format', 'json', '--nginx-version', '1.22.1'], tmp));
    const newer = json(wsconf(['check', dir, '--format', 'json', '--nginx-version', '1.29.7'], tmp));
    assert.deepEqual(older.map((f) => f.ruleId), ['nginx/ws-http-version']);
    assert.deepEqual(newer, []);
  });

  test('github and sarif formats', () => {
    const dir = project({ 'nginx.conf': 'events {}\nhttp {\n    bogus_directive on;\n}\n' });
    const github = wsconf(['check', 'nginx.conf', '--format', 'github'], dir);
    assert.equal(github.status, 1);
    assert.match(github.stdout, /^::error file=nginx\.conf,line=3,col=5,endLine=3,endColumn=20,title=nginx\/unknown-directive::unknown directive/m);
    const sarif = JSON.parse(wsconf(['check', 'nginx.conf', '--format', 'sarif'], dir).stdout);
    assert.equal(sarif.version, '2.1.0');
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'nginx/unknown-directive');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 3, startColumn: 5, endLine: 3, endColumn: 20 });
    assert.equal(result.level, 'error');
  });

  test('text output: grouped by file, 1-based positions, a summary, no colours when not a terminal', () => {
    const dir = project({ 'nginx.conf': 'events {}\nhttp {\n    bogus_directive on;\n}\n' });
    const run = wsconf(['check', '.'], dir);
    assert.equal(run.status, 1);
    assert.ok(!run.stdout.includes('\u001b['), 'no ANSI codes when stdout is a pipe');
    assert.match(run.stdout, /^nginx\.conf$/m);
    assert.match(run.stdout, /^ {2}3:5 +error +unknown directive "bogus_directive".* {2}nginx\/unknown-directive$/m);
    assert.match(run.stdout, /✖ 1 problem \(1 error, 0 warnings, 0 infos\)/);
    assert.ok(wsconf(['check', '.', '--color'], dir).stdout.includes('\u001b['));
  });
});

suite('wsconf CLI: usage errors exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['check', '.', '--frobnicate'], /unknown option --frobnicate/],
    ['a path that does not exist', ['check', 'no/such/dir'], /no such file or directory: no\/such\/dir/],
    ['an unknown format', ['check', '.', '--format', 'xml'], /unknown format "xml"/],
    ['a missing option value', ['check', '.', '--format'], /--format needs a value/],
    ['a malformed --rule', ['check', '.', '--rule', 'nginx/syntax'], /invalid --rule/],
    ['an unknown rule', ['check', '.', '--rule', 'nginx/sintax:off'], /unknown rule "nginx\/sintax" \(did you mean "nginx\/syntax"\?\)/],
    ['a bad --max-warnings', ['check', '.', '--max-warnings', 'many'], /invalid --max-warnings/],
    ['a bad --nginx-version', ['check', '.', '--nginx-version', 'latest'], /invalid --nginx-version/],
    ['a missing --config file', ['check', '.', '--config', 'nope.json'], /configuration file not found: nope\.json/],
  ];
  for (const [name, args, message] of cases) {
    test(name, () => {
      const dir = project({ 'nginx.conf': CLEAN });
      const run = wsconf(args, dir);
      assert.equal(run.status, 2, run.stdout + run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });
  }

  test('an invalid .wsconf.json (found or given) is a usage error with a clear message', () => {
    const dir = project({ 'nginx.conf': CLEAN, '.wsconf.json': '{ "rules": { "nginx/syntax": "loud" } }', 'broken.json': '{ not json' });
    const found = wsconf(['check', '.'], dir);
    assert.equal(found.status, 2);
    assert.match(found.stderr, /invalid configuration file \.wsconf\.json/);
    assert.match(found.stderr, /nginx\/syntax/);
    const given = wsconf(['check', '.', '--config', 'broken.json'], dir);
    assert.equal(given.status, 2);
    assert.match(given.stderr, /broken\.json.*not valid JSON/s);
  });
});

suite('wsconf CLI: bad input never crashes it', () => {
  test('a binary file is a finding, not a crash', () => {
    const dir = project({ 'nginx.conf': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe, 0x0a, 0x00, 0x7b, 0x7d]) });
    const run = wsconf(['check', dir, '--format', 'json'], tmp);
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    const findings = json(run);
    assert.ok(findings.some((f) => /binary/i.test(f.message)), JSON.stringify(findings));
  });

  test('an include cycle is a finding, not a hang', () => {
    const dir = project({
      'nginx.conf': 'events {}\nhttp {\n    include conf.d/a.conf;\n}\n',
      'conf.d/a.conf': 'include conf.d/b.conf;\n',
      'conf.d/b.conf': 'include conf.d/a.conf;\n',
    });
    const run = wsconf(['check', dir, '--format', 'json'], tmp);
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    assert.ok(json(run).some((f) => f.ruleId === 'nginx/include-cycle'), run.stdout);
  });

  test('a file over the size limit gets one finding', () => {
    const big = `events {}\nhttp {\n${'    # padding padding padding padding padding padding padding\n'.repeat(2000)}}\n`;
    const dir = project({ 'nginx.conf': big, '.wsconf.json': JSON.stringify({ maxFileSize: 10_000 }) });
    const run = wsconf(['check', '.', '--format', 'json'], dir);
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    const findings = json(run);
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.equal(findings[0]!.ruleId, 'nginx/analysis-limit');
    assert.deepEqual(findings[0]!.range.start, { line: 0, character: 0 });
  });

  test('something that is not a regular file, and a dangling symlink in a folder', () => {
    const dir = project({ 'sites-enabled/app': 'server {\n    listen 80;\n}\n' });
    symlinkSync(join(dir, 'missing-target'), join(dir, 'sites-enabled', 'dangling'));
    const run = wsconf(['check', '.', '--format', 'json'], dir);
    assert.equal(run.status, 0, run.stderr);
    const device = wsconf(['check', '/dev/null', '--format', 'json'], dir);
    assert.equal(device.status, 1, device.stderr);
    assert.deepEqual(json(device).map((f) => f.file), ['/dev/null']);
  });

  test('a folder with no configuration at all', () => {
    const dir = project({ 'app.py': 'print("hi")\n' });
    const run = wsconf(['check', '.', '--format', 'json'], dir);
    assert.equal(run.status, 0);
    assert.deepEqual(json(run), []);
    assert.match(run.stderr, /no nginx, gunicorn or uWSGI configuration files found/);
  });
});

suite('wsconf CLI: gunicorn.conf.py and uwsgi.ini', () => {
  const GUNICORN = 'bind = "127.0.0.1:8000"\nworker_class = "sync"\nworkers = 2\n';
  const UWSGI = '[uwsgi]\nmodule = app:app\nhttp-socket = 127.0.0.1:8000\nprocesses = 2 ; two workers\nmaster = true\n';

  test('a folder scan finds both files and reports gunicorn/* and uwsgi/* rules in the documented JSON shape, paths relative to the folder', () => {
    const dir = project({ 'gunicorn.conf.py': GUNICORN, 'uwsgi.ini': UWSGI });
    const run = wsconf(['check', dir, '--format', 'json'], tmp);
    const findings = json(run);
    assert.deepEqual([...new Set(findings.map((f) => f.file))].sort(), ['gunicorn.conf.py', 'uwsgi.ini']);
    const ids = new Set(findings.map((f) => f.ruleId));
    for (const id of ['gunicorn/socketio-sync-worker', 'gunicorn/socketio-multiple-workers', 'uwsgi/socketio-no-async-engine', 'uwsgi/socketio-multiple-processes', 'uwsgi/inline-comment-in-value']) {
      assert.ok(ids.has(id), `${id} in ${JSON.stringify(findings)}`);
    }
    for (const f of findings) {
      assert.deepEqual(Object.keys(f).slice(0, 5), ['file', 'ruleId', 'severity', 'message', 'range']);
      assert.match(f.ruleId, f.file === 'uwsgi.ini' ? /^uwsgi\/[a-z0-9-]+$/ : /^gunicorn\/[a-z0-9-]+$/);
      assert.ok(['error', 'warning', 'info'].includes(f.severity));
      assert.deepEqual(Object.keys(f.range), ['start', 'end']);
      assert.deepEqual(Object.keys(f.range.start), ['line', 'character']);
      assert.deepEqual(Object.keys(f.range.end), ['line', 'character']);
    }
    // 0-based positions: `"sync"` on the second line, `; two workers` on the fourth.
    const sync = findings.find((f) => f.ruleId === 'gunicorn/socketio-sync-worker')!;
    assert.deepEqual(sync.range, { start: { line: 1, character: 15 }, end: { line: 1, character: 21 } });
    const comment = findings.find((f) => f.ruleId === 'uwsgi/inline-comment-in-value')!;
    assert.deepEqual(comment.range, { start: { line: 3, character: 14 }, end: { line: 3, character: 27 } });
  });

  test('a folder scan uses the gunicorn and uWSGI globs of .wsconf.json', () => {
    const files = { 'deploy/app_settings.py': GUNICORN, 'deploy/app.ini': UWSGI };
    const plain = json(wsconf(['check', project(files), '--format', 'json'], tmp));
    // app.ini has a [uwsgi] section, so it is found anyway; app_settings.py only through the glob.
    assert.deepEqual([...new Set(plain.map((f) => f.file))].sort(), ['deploy/app.ini']);
    const configured = project({ ...files, '.wsconf.json': JSON.stringify({ files: { gunicorn: ['**/deploy/*.py'] } }) });
    const found = json(wsconf(['check', configured, '--format', 'json'], tmp));
    assert.deepEqual([...new Set(found.map((f) => f.file))].sort(), ['deploy/app.ini', 'deploy/app_settings.py']);
    assert.ok(found.some((f) => f.ruleId === 'gunicorn/socketio-sync-worker'), JSON.stringify(found));
  });

  test('exit code 1 for error findings (the project says the app serves WebSockets), 0 when they are turned off', () => {
    const dir = project({ 'gunicorn.conf.py': GUNICORN, 'uwsgi.ini': UWSGI, '.wsconf.json': '{ "websocketApp": "yes" }\n' });
    const run = wsconf(['check', dir, '--format', 'json'], tmp);
    assert.equal(run.status, 1, run.stderr);
    const errors = json(run).filter((f) => f.severity === 'error').map((f) => f.ruleId);
    assert.ok(errors.includes('gunicorn/socketio-multiple-workers') && errors.includes('uwsgi/socketio-multiple-processes'), JSON.stringify(errors));
    const quiet = wsconf(['check', dir, '--format', 'json', ...[...new Set(errors)].flatMap((id) => ['--rule', `${id}:off`])], tmp);
    assert.equal(quiet.status, 0, quiet.stdout);
    assert.ok(!json(quiet).some((f) => f.severity === 'error'));
  });

  test('--fix on a uwsgi.ini moves the inline comment to its own line and writes the file', () => {
    const dir = project({ 'uwsgi.ini': UWSGI });
    const run = wsconf(['check', 'uwsgi.ini', '--fix', '--format', 'json'], dir);
    const text = readFileSync(join(dir, 'uwsgi.ini'), 'utf8');
    assert.match(text, /^; two workers\nprocesses = 2\n/m);
    assert.ok(!json(run).some((f) => f.ruleId === 'uwsgi/inline-comment-in-value'), run.stdout);
    assert.match(run.stderr, /applied \d+ fix/);
  });

  test('a gunicorn.conf.py full of side effects is analysed by the CLI and nothing in it runs', () => {
    const dir = project({});
    const markers = join(dir, 'markers');
    mkdirSync(markers);
    const file = join(dir, 'gunicorn.conf.py');
    writeFileSync(
      file,
      [
        'import os, subprocess',
        `open(${JSON.stringify(join(markers, 'open'))}, 'w').write('x')`,
        `os.system(${JSON.stringify(`touch ${join(markers, 'system')}`)})`,
        `subprocess.run(['touch', ${JSON.stringify(join(markers, 'subprocess'))}])`,
        `exec("open('${join(markers, 'exec')}', 'w')")`,
        'def on_starting(server):',
        `    open(${JSON.stringify(join(markers, 'hook'))}, 'w').write('x')`,
        'worker_class = "sync"',
        'workers = 2',
        'raise SystemExit(3)',
        '',
      ].join('\n'),
    );
    const run = wsconf(['check', dir, '--format', 'json'], tmp);
    const ids = json(run).filter((f) => f.file === 'gunicorn.conf.py').map((f) => f.ruleId);
    assert.ok(ids.includes('gunicorn/socketio-sync-worker') && ids.includes('gunicorn/socketio-multiple-workers'), JSON.stringify(ids));
    assert.deepEqual(readdirSync(markers), [], 'no marker file may exist: the config must be read, never executed');
    // The same with the file named directly and with --fix.
    wsconf(['check', file, '--fix'], tmp);
    assert.deepEqual(readdirSync(markers), []);
  });
});

suite('wsconf CLI: nginx linked to gunicorn and uWSGI (cross-file rules)', () => {
  const NGINX = [
    'events {}',
    'http {',
    '    upstream chat { ip_hash; server 127.0.0.1:5000; }',
    '    server {',
    '        listen 80;',
    '        location /socket.io/ {',
    '            include proxy_params;',
    '            proxy_http_version 1.1;',
    '            proxy_set_header Upgrade $http_upgrade;',
    '            proxy_set_header Connection "upgrade";',
    '            proxy_pass http://chat;',
    '        }',
    '        location /legacy/ { proxy_pass http://127.0.0.1:3031; }',
    '    }',
    '}',
    '',
  ].join('\n');

  test('a folder with nginx.conf + gunicorn.conf.py reports the port mismatch in nginx.conf, in the documented JSON shape', () => {
    const dir = project({ 'nginx.conf': NGINX.replace(/\n.*legacy.*\n/, '\n'), 'gunicorn.conf.py': 'bind = "127.0.0.1:8000"\nworker_class = "eventlet"\nworkers = 1\n' });
    const run = wsconf(['check', dir, '--format', 'json'], tmp);
    assert.equal(run.status, 1, run.stderr);
    const cross = json(run).filter((f) => f.ruleId.startsWith('cross/'));
    assert.deepEqual(cross.map((f) => [f.file, f.ruleId, f.severity]), [['nginx.conf', 'cross/upstream-unreachable', 'error']]);
    assert.deepEqual(Object.keys(cross[0]!).slice(0, 5), ['file', 'ruleId', 'severity', 'message', 'range']);
    assert.deepEqual(cross[0]!.range, { start: { line: 2, character: 36 }, end: { line: 2, character: 50 } });
    assert.match(cross[0]!.message, /127\.0\.0\.1:5000.*gunicorn\.conf\.py:1 \(bind 127\.0\.0\.1:8000, HTTP\)/);
    // With the bind fixed, the folder has no cross-file finding.
    const fixed = project({ 'nginx.conf': NGINX.replace(/\n.*legacy.*\n/, '\n'), 'gunicorn.conf.py': 'bind = "127.0.0.1:5000"\nworker_class = "eventlet"\nworkers = 1\n' });
    assert.deepEqual(json(wsconf(['check', fixed, '--format', 'json'], tmp)).filter((f) => f.ruleId.startsWith('cross/')), []);
  });

  test('the bundled cross-file examples report their finding; the known-good one, with its gunicorn configs, stays clean', () => {
    const port = json(wsconf(['check', 'examples/gunicorn-port-mismatch', '--format', 'json'], ROOT));
    assert.deepEqual(port.filter((f) => f.ruleId.startsWith('cross/')).map((f) => `${f.file} ${f.ruleId}`), ['nginx.conf cross/upstream-unreachable']);
    const protocol = json(wsconf(['check', 'examples/uwsgi-protocol-mismatch', '--format', 'json'], ROOT));
    assert.deepEqual(protocol.filter((f) => f.ruleId.startsWith('cross/')).map((f) => `${f.file} ${f.ruleId}`), ['nginx.conf cross/protocol-mismatch']);
    const all = json(wsconf(['check', 'examples', '--format', 'json'], ROOT));
    assert.deepEqual(all.filter((f) => f.file.startsWith('flask-socketio-fixed/')), [], 'the fixed example stays clean when every example is checked at once');
  });

  test('a folder with nginx.conf + uwsgi.ini reports the protocol mismatch and several processes behind Socket.IO', () => {
    const dir = project({
      'nginx.conf': NGINX,
      'uwsgi.ini': '[uwsgi]\nmodule = chat:app\nsocket = 127.0.0.1:3031\nhttp-socket = 127.0.0.1:5000\ngevent = 1000\nprocesses = 4\nmaster = true\n',
    });
    const run = wsconf(['check', dir, '--format', 'json'], tmp);
    assert.equal(run.status, 1, run.stderr);
    const cross = json(run).filter((f) => f.ruleId.startsWith('cross/'));
    assert.deepEqual(cross.map((f) => [f.file, f.ruleId, f.range.start.line]), [
      ['nginx.conf', 'cross/socketio-multiple-workers', 2],
      ['nginx.conf', 'cross/protocol-mismatch', 12],
    ]);
    assert.match(cross[1]!.message, /invalid request block size: 21573/);
  });
});

suite('wsconf CLI: the bundled examples', () => {
  /**
   * A copy of an example that the real nginx can test in a temp prefix: absolute
   * /etc/nginx/ paths become relative (nginx resolves them against the config's folder),
   * logs and pid go inside, and Debian's stock proxy_params / mime.types are provided.
   */
  function prepare(example: string): string {
    const dir = join(tmp, `example-${example}`);
    cpSync(join(ROOT, 'examples', example), dir, { recursive: true });
    const rewrite = (folder: string) => {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (statSync(path).isDirectory()) rewrite(path);
        else {
          const text = readFileSync(path, 'utf8')
            .replace(/^\s*user\s+[^;]+;\s*$/m, '')
            .replace(/\/etc\/nginx\//g, '')
            .replace(/\/var\/log\/nginx\//g, 'logs/')
            .replace(/\/run\/nginx\.pid/g, 'nginx.pid');
          writeFileSync(path, text);
        }
      }
    };
    rewrite(dir);
    mkdirSync(join(dir, 'logs'), { recursive: true });
    writeFileSync(
      join(dir, 'proxy_params'),
      'proxy_set_header Host $host;\nproxy_set_header X-Real-IP $remote_addr;\nproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\nproxy_set_header X-Forwarded-Proto $scheme;\n',
    );
    writeFileSync(join(dir, 'mime.types'), 'types {\n    text/html html;\n    application/javascript js;\n}\n');
    return dir;
  }

  const skip = process.env['WSCONF_SKIP_REAL_SERVERS'] === '1' ? 'WSCONF_SKIP_REAL_SERVERS=1' : nginxBinary() ? false : NGINX_INSTALL_HINT;

  for (const example of ['flask-socketio-fixed', 'channels-daphne', 'socketio-conf-d']) {
    test(`examples/${example} is accepted by nginx -t`, { skip }, () => {
      const result = nginxTest(prepare(example));
      assert.ok(result.accepted, result.output || result.raw);
    });
  }

  test('examples/flask-socketio-broken is rejected by nginx -t where wsconf says it will be', { skip }, () => {
    const result = nginxTest(prepare('flask-socketio-broken'));
    assert.equal(result.accepted, false);
    // The first fatal error nginx meets; wsconf reports it (and the rest) up front.
    assert.match(result.output, /host not found in upstream "dashboard_node"|unknown "connection_upgrade" variable/);
    const findings = json(wsconf(['check', join(ROOT, 'examples', 'flask-socketio-broken'), '--format', 'json'], tmp));
    assert.ok(findings.some((f) => f.ruleId === 'nginx/upstream-name-not-defined'));
    assert.ok(findings.some((f) => f.ruleId === 'nginx/connection-upgrade-variable-undefined'));
  });
});
