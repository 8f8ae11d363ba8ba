/**
 * The wsconf command line: `wsconf check [paths...] [options]`.
 *
 * It uses the same language service as the editor (createLanguageService over the local
 * disk) and lints everything it finds as ONE deployment, so an nginx.conf and the
 * sites-enabled/ files it includes are analysed together, as nginx reads them.
 *
 * Exit codes: 0 no error-level finding; 1 an error-level finding (or more warnings than
 * --max-warnings); 2 usage error, bad configuration file or internal error.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { version as packageVersion } from '../../../package.json';
import { mergeSettingLayers, parseProjectConfig } from '../service/config-file';
import { applyFixGroups, createLanguageService, LineIndex, type Finding, type RuleLevel, type Settings } from '../service/index';
import { docsUrlFor } from '../service/lint/rule';
import type { RuleSetting } from '../service/settings';
import { createNodeHost } from '../lsp/node-host';
import { discover, MissingPathError, type DiscoveredFile } from './discover';
import { formatGithub } from './formatters/github';
import { formatJson, type CliFinding } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';

export const VERSION: string = packageVersion;

const FORMATS = ['text', 'json', 'github', 'sarif'] as const;
type Format = (typeof FORMATS)[number];
const LEVELS: readonly RuleLevel[] = ['off', 'info', 'warning', 'error'];
const CONFIG_NAME = '.wsconf.json';
const MAX_FIX_PASSES = 10;

export const USAGE = `Usage: wsconf check [paths...] [options]

Lints the nginx, gunicorn and uWSGI configurations of Python WebSocket
deployments (Flask-SocketIO, python-socketio, Django Channels behind nginx +
gunicorn/uWSGI).

A path is a file or a folder (default: the current folder). Folders are scanned
recursively (node_modules and dot-folders are skipped) for:
  nginx     nginx.conf, *.nginx, sites-available/*, sites-enabled/*,
            conf.d/*.conf, nginx/**/*.conf, *.conf.template and other *.conf
            files that look like nginx
  gunicorn  gunicorn.conf.py, gunicorn*.py, **/gunicorn/*.py (read, never run)
  uWSGI     uwsgi.ini, *uwsgi*.ini, uwsgi/**/*.ini and any .ini file with a
            [uwsgi] section
Everything found is linted together as one deployment, with includes resolved
as nginx does.

Options:
  -f, --format <format>      text (default; alias stylish), json, github or sarif
      --nginx-version <x.y>  target nginx version, e.g. 1.22.1 (default: unknown,
                             treated as possibly older than 1.29.7)
  -c, --config <file>        project configuration (default: the nearest
                             .wsconf.json in the first path's folder or above)
      --rule <id:level>      set a rule's level: off, info, warning or error
                             (repeatable), e.g. --rule nginx/ws-read-timeout:off
      --fix                  apply the safe fixes to the files, then report what
                             remains (suggestions are never applied)
      --max-warnings <n>     exit 1 when there are more than n warnings
      --list-rules           list the rules and exit
      --color, --no-color    force colours on or off (default: on for a terminal,
                             off when NO_COLOR is set)
  -v, --version              print the version and exit
  -h, --help                 print this help and exit

Exit codes:
  0  no error-level finding
  1  at least one error-level finding, or more warnings than --max-warnings
  2  usage error, invalid configuration file or internal error

Examples:
  wsconf check deploy/nginx
  wsconf check /etc/nginx/nginx.conf --nginx-version 1.22.1
  wsconf check . --format github --rule nginx/ws-http-version:off
  wsconf check deploy/gunicorn.conf.py deploy/uwsgi.ini --fix
`;

/** Where the CLI writes; injectable for in-process tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
}

class UsageError extends Error {}

interface Options {
  paths: string[];
  format: Format;
  nginxVersion?: string;
  config?: string;
  fix: boolean;
  rules: { id: string; level: RuleLevel }[];
  maxWarnings?: number;
  listRules: boolean;
  version: boolean;
  help: boolean;
  color?: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { paths: [], format: 'text', fix: false, rules: [], listRules: false, version: false, help: false };
  let index = 0;
  if (argv[0] === 'check') index = 1;
  let onlyPaths = false;
  for (; index < argv.length; index++) {
    const arg = argv[index]!;
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      options.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[index + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`option ${name} needs a value`);
      index++;
      return next;
    };
    const noValue = () => {
      if (inline !== undefined) throw new UsageError(`option ${name} takes no value`);
    };
    switch (name) {
      case '-f':
      case '--format': {
        let format = value();
        if (format === 'stylish') format = 'text'; // ESLint's name for the same layout
        if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}" (expected ${FORMATS.join(', ')})`);
        options.format = format as Format;
        break;
      }
      case '--nginx-version': {
        const v = value();
        if (!/^\d+\.\d+(\.\d+)?$/.test(v)) throw new UsageError(`invalid --nginx-version "${v}" (expected a version such as 1.22.1)`);
        options.nginxVersion = v;
        break;
      }
      case '-c':
      case '--config':
        options.config = value();
        break;
      case '--rule': {
        const spec = value();
        const colon = spec.lastIndexOf(':');
        const id = colon === -1 ? '' : spec.slice(0, colon);
        const level = colon === -1 ? '' : spec.slice(colon + 1);
        if (!id || !(LEVELS as readonly string[]).includes(level)) {
          throw new UsageError(`invalid --rule "${spec}" (expected <rule-id>:<level>, level one of ${LEVELS.join(', ')})`);
        }
        options.rules.push({ id, level: level as RuleLevel });
        break;
      }
      case '--max-warnings': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`invalid --max-warnings "${v}" (expected a whole number >= 0)`);
        options.maxWarnings = Number(v);
        break;
      }
      case '--fix':
        noValue();
        options.fix = true;
        break;
      case '--list-rules':
        noValue();
        options.listRules = true;
        break;
      case '-v':
      case '--version':
        noValue();
        options.version = true;
        break;
      case '-h':
      case '--help':
        noValue();
        options.help = true;
        break;
      case '--color':
        noValue();
        options.color = true;
        break;
      case '--no-color':
        noValue();
        options.color = false;
        break;
      default:
        throw new UsageError(`unknown option ${name}`);
    }
  }
  return options;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(3, Math.floor(name.length / 4)) ? best : undefined;
}

/** The nearest .wsconf.json in `dir` or one of its ancestors. */
function findConfig(dir: string): string | undefined {
  for (let current = dir; ; ) {
    const candidate = resolve(current, CONFIG_NAME);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function loadConfig(path: string, shown: string): Partial<Settings> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read configuration file ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const { settings, problems } = parseProjectConfig(text, shown);
  if (problems.length > 0) {
    const lines = problems.map((p) => `  - ${p.replace(/; it was ignored\.$/, '.')}`);
    throw new UsageError(`invalid configuration file ${shown}:\n${lines.join('\n')}`);
  }
  return settings;
}

/** Severity order for sorting and thresholds. */
function compareFindings(a: CliFinding, b: CliFinding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.finding.span.start - b.finding.span.start ||
    a.finding.span.end - b.finding.span.end ||
    (a.finding.ruleId < b.finding.ruleId ? -1 : a.finding.ruleId > b.finding.ruleId ? 1 : 0) ||
    (a.finding.message < b.finding.message ? -1 : a.finding.message > b.finding.message ? 1 : 0)
  );
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function defaultIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  };
}

/** Runs the CLI and returns its exit code. Never throws. */
export function runCli(argv: readonly string[], io: CliIo = defaultIo()): number {
  try {
    return run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`wsconf: ${error.message}\n`);
      io.stderr(`Run "wsconf --help" for usage.\n`);
      return 2;
    }
    if (error instanceof MissingPathError) {
      io.stderr(`wsconf: ${error.message}\n`);
      return 2;
    }
    const err = error as Error;
    io.stderr(`wsconf: internal error: ${err?.message ?? String(error)}\n${err?.stack ?? ''}\n`);
    io.stderr('This is a bug in wsconf; please report it with the configuration that triggers it.\n');
    return 2;
  }
}

function run(argv: readonly string[], io: CliIo): number {
  const options = parseArgs(argv);
  if (options.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (options.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const cwd = io.cwd;
  const host = createNodeHost();
  const probe = createLanguageService({ host });
  const ruleIds: readonly string[] = probe.rules.map((r) => r.id);

  if (options.listRules) {
    const rules = [...probe.rules].sort((a, b) => (a.id < b.id ? -1 : 1));
    if (options.format === 'json') {
      io.stdout(
        `${JSON.stringify({
          rules: rules.map((r) => ({ id: r.id, severity: r.meta.severity, fixable: r.meta.fixable ?? null, description: r.meta.description })),
        })}\n`,
      );
    } else {
      const width = Math.max(...rules.map((r) => r.id.length));
      for (const r of rules) {
        const fix = r.meta.fixable === 'fix' ? 'fix' : r.meta.fixable === 'suggestion' ? 'sugg' : '';
        io.stdout(`${r.id.padEnd(width)}  ${r.meta.severity.padEnd(7)}  ${fix.padEnd(4)}  ${r.meta.description}\n`);
      }
    }
    return 0;
  }

  for (const { id } of options.rules) {
    if (!ruleIds.includes(id)) {
      const hint = closest(id, ruleIds);
      throw new UsageError(`unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; "wsconf --list-rules" lists them`);
    }
  }

  const args = options.paths.length > 0 ? options.paths : ['.'];
  // Check every path before doing anything else: a typo is a usage error, not "no findings".
  for (const arg of args) {
    if (!existsSync(resolve(cwd, arg))) throw new MissingPathError(arg);
  }

  // Settings: defaults < .wsconf.json < command line.
  let fileSettings: Partial<Settings> = {};
  if (options.config !== undefined) {
    const path = resolve(cwd, options.config);
    if (!existsSync(path)) throw new UsageError(`configuration file not found: ${options.config}`);
    fileSettings = loadConfig(path, options.config);
  } else {
    const first = resolve(cwd, args[0]!);
    let start = first;
    try {
      if (!statSync(first).isDirectory()) start = dirname(first);
    } catch {
      start = dirname(first);
    }
    const found = findConfig(start);
    if (found) fileSettings = loadConfig(found, relative(cwd, found) || found);
  }
  const commandLine: Partial<Settings> = {
    rules: Object.fromEntries(options.rules.map(({ id, level }) => [id, { level } satisfies RuleSetting])),
    ...(options.nginxVersion !== undefined ? { nginxVersion: options.nginxVersion } : {}),
  };
  const settings = mergeSettingLayers(fileSettings, commandLine);
  const service = createLanguageService({ host, settings });
  const maxFileSize = service.settings.maxFileSize;

  const discovery = discover(args, cwd, undefined, service.settings);
  const cwdRelative = (path: string): string => (isInside(path, cwd) ? relative(cwd, path) : path);
  for (const note of discovery.notes) io.stderr(`wsconf: ${note}\n`);
  const byPath = new Map<string, DiscoveredFile>(discovery.files.map((f) => [f.path, f]));

  // Files that cannot be linted at all (unreadable, not a regular file) become findings.
  const blocked: Finding[] = [];
  const lintable: string[] = [];
  for (const file of discovery.files) {
    const problem = unusable(file.path);
    if (problem === undefined) {
      lintable.push(file.path);
      continue;
    }
    const level = service.settings.rules['nginx/analysis-limit']?.level;
    if (level === 'off') continue;
    blocked.push({
      ruleId: 'nginx/analysis-limit',
      file: file.path,
      span: { start: 0, end: 0 },
      severity: level ?? 'error',
      message: `${file.display} ${problem}; it was not analysed.`,
      fixes: [],
    });
  }
  if (discovery.files.length === 0) {
    io.stderr(`wsconf: no nginx, gunicorn or uWSGI configuration files found in ${args.join(', ')}\n`);
  }

  // --fix: apply safe fixes, re-lint, repeat (ESLint's multi-pass fixing).
  if (options.fix && lintable.length > 0) {
    const writable = (path: string) =>
      byPath.has(path) || discovery.folders.some((folder) => isInside(path, folder)) || isInside(path, cwd);
    let applied = 0;
    const changedFiles = new Set<string>();
    const refused = new Set<string>();
    let passes = 0;
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const { findings } = service.lint(lintable);
      const groups = new Map<string, { start: number; end: number; text: string }[][]>();
      for (const finding of findings) {
        const fix = finding.fixes.find((f) => f.kind === 'fix');
        if (!fix) continue;
        for (const file of new Set(fix.edits.map((e) => e.file))) {
          const list = groups.get(file) ?? [];
          list.push(fix.edits.filter((e) => e.file === file));
          groups.set(file, list);
        }
      }
      let changed = false;
      for (const [file, fileGroups] of groups) {
        if (!writable(file)) {
          refused.add(file);
          continue;
        }
        const text = host.readFile(file);
        if (text === undefined) continue;
        const result = applyFixGroups(text, fileGroups);
        if (result.text === text) continue;
        try {
          writeFileSync(file, result.text);
        } catch (error) {
          if (!refused.has(file)) io.stderr(`wsconf: cannot write ${cwdRelative(file)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
          refused.add(file);
          continue;
        }
        applied += result.applied;
        changedFiles.add(file);
        changed = true;
      }
      if (!changed) break;
      passes++;
    }
    for (const file of refused) {
      if (!writable(file)) io.stderr(`wsconf: not fixing ${file}: it is outside the folders being checked\n`);
    }
    if (options.format === 'text' || applied > 0) {
      io.stderr(
        applied > 0
          ? `wsconf: applied ${applied} fix${applied === 1 ? '' : 'es'} to ${changedFiles.size} file${changedFiles.size === 1 ? '' : 's'} (${passes} pass${passes === 1 ? '' : 'es'})\n`
          : 'wsconf: nothing to fix automatically\n',
      );
    }
  }

  const result = lintable.length > 0 ? service.lint(lintable) : { findings: [], models: new Map() };
  const texts = new Map<string, string>();
  for (const model of result.models.values()) for (const [path, file] of model.files) texts.set(path, file.text);
  const indexes = new Map<string, LineIndex>();
  const indexFor = (path: string, needed: boolean): LineIndex => {
    let index = indexes.get(path);
    if (index) return index;
    let text = texts.get(path);
    if (text === undefined && needed) {
      const stat = host.stat(path);
      text = stat && !stat.isDirectory && stat.size <= maxFileSize ? host.readFile(path) : undefined;
    }
    index = new LineIndex(text ?? '');
    indexes.set(path, index);
    return index;
  };

  const displayOf = (path: string): string => {
    const known = byPath.get(path);
    if (known) return known.display;
    for (const folder of discovery.folders) if (isInside(path, folder)) return relative(folder, path);
    return cwdRelative(path);
  };

  const reported: CliFinding[] = [...blocked, ...result.findings].map((finding) => {
    const index = indexFor(finding.file, finding.span.start > 0 || finding.span.end > 0);
    return {
      finding,
      file: displayOf(finding.file),
      cwdFile: cwdRelative(finding.file),
      range: { start: index.positionAt(finding.span.start), end: index.positionAt(finding.span.end) },
      fixable: finding.fixes.some((f) => f.kind === 'fix'),
    };
  });
  reported.sort(compareFindings);

  const color = options.color ?? (io.isTTY && !io.env['NO_COLOR']);
  switch (options.format) {
    case 'json':
      io.stdout(formatJson(reported));
      break;
    case 'github':
      io.stdout(formatGithub(reported));
      break;
    case 'sarif':
      io.stdout(
        formatSarif(
          reported,
          service.rules.map((r) => ({ id: r.id, description: r.meta.description, severity: r.meta.severity, docsUrl: docsUrlFor(r.id) })),
          VERSION,
        ),
      );
      break;
    default:
      io.stdout(formatText(reported, { color, fileCount: discovery.files.length }));
  }

  const errors = reported.filter((f) => f.finding.severity === 'error').length;
  const warnings = reported.filter((f) => f.finding.severity === 'warning').length;
  if (errors > 0) return 1;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`wsconf: ${warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** Why a file cannot be linted, or undefined when it can. */
function unusable(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return 'is not a regular file';
    // Opening it and reading a byte proves it is readable; the service reads it whole (size-capped).
    const fd = openSync(path, 'r');
    try {
      readSync(fd, Buffer.alloc(1), 0, 1, 0);
    } finally {
      closeSync(fd);
    }
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? String(error)})`;
  }
}

if (require.main === module) {
  // `wsconf check … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.exitCode = runCli(process.argv.slice(2));
}
