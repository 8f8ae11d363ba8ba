#!/usr/bin/env node
// Generates the uWSGI option table from the `uwsgi --help` output of Debian 12's modular build
// (uwsgi 2.0.21-debian) with the plugins python3, gevent_python3, http and ugreen loaded:
//   server/src/service/knowledge/uwsgi/options.generated.ts
// The input is pinned in scripts/data/uwsgi-help-2.0.21.txt, so regeneration needs no Debian
// package. The table keeps facts only (names, short flags, aliases, plugin, argument kind):
// uWSGI's help strings are GPL-licensed program text, so our own words live in notes.ts.
//
// Usage:
//   node scripts/gen-uwsgi-knowledge.mjs [--check]
//     --check: exit 1 if the committed table differs from what would be generated.
//   node scripts/gen-uwsgi-knowledge.mjs --capture
//     re-captures the pinned data from the installed Debian packages (uwsgi, uwsgi-plugin-python3,
//     uwsgi-plugin-gevent-python3); run as an unprivileged user in an empty folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataFile = join(root, 'scripts/data/uwsgi-help-2.0.21.txt');
const outFile = join(root, 'server/src/service/knowledge/uwsgi/options.generated.ts');

/** Plugins in load order; each adds one contiguous block of options at the end of the help. */
const PLUGINS = ['python3', 'gevent_python3', 'http', 'ugreen'];
/** Loaded on top of python3 only to learn its options (the `greenlet` loop engine). */
const EXTRA_PLUGINS = ['greenlet_python3'];

const OPTION_LINE = /^ {4}(?:-(\S)\|)?--(\S+)\s+(.*)$/;

function uwsgi(args, cwd) {
  const result = spawnSync('uwsgi', args, { cwd, encoding: 'utf8', timeout: 10_000 });
  return { out: result.stdout ?? '', err: result.stderr ?? '' };
}

function optionNames(helpText) {
  return helpText.split('\n').map((l) => OPTION_LINE.exec(l)?.[2]).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Capture (needs the Debian packages)

function capture() {
  const cwd = mkdtempSync(join(tmpdir(), 'uwsgi-help-'));
  try {
    const version = uwsgi(['--version'], cwd).out.trim();
    const full = uwsgi(['--plugins', PLUGINS.join(','), '--help'], cwd).out;
    const names = optionNames(full);
    // Which block each plugin adds: the first option the help gains when it is loaded.
    const blocks = [];
    let before = new Set(optionNames(uwsgi(['--help'], cwd).out));
    for (let i = 0; i < PLUGINS.length; i++) {
      const withPlugin = optionNames(uwsgi(['--plugins', PLUGINS.slice(0, i + 1).join(','), '--help'], cwd).out);
      const added = withPlugin.filter((n) => !before.has(n));
      blocks.push(`${PLUGINS[i]} ${added[0]} ${added.length}`);
      before = new Set(withPlugin);
    }
    const extra = [];
    for (const plugin of EXTRA_PLUGINS) {
      const base = new Set(optionNames(uwsgi(['--plugins', 'python3', '--help'], cwd).out));
      const text = uwsgi(['--plugins', `python3,${plugin}`, '--help'], cwd).out;
      for (const line of text.split('\n')) {
        const name = OPTION_LINE.exec(line)?.[2];
        if (name && !base.has(name)) extra.push(`${plugin}\t${line}`);
      }
    }
    // getopt tells flags from options with a value: `--flag=x` is refused, `--opt=x` is taken and
    // the next (bogus) option stops the run before anything starts. Options that act while the
    // command line is read (config loaders, --set, --print) stop at `x` itself: they take a value.
    const kinds = names.map((name) => {
      const { out, err } = uwsgi(['--plugins', PLUGINS.join(','), `--${name}=x`, '--zzz-wsconf-bogus'], cwd);
      const text = out + err;
      return `${name} ${text.includes("doesn't allow an argument") ? 'flag' : 'value'}`;
    });
    const header = [
      `# Captured by scripts/gen-uwsgi-knowledge.mjs --capture from ${version} (Debian 12 packages uwsgi-core,`,
      '# uwsgi-plugin-python3, uwsgi-plugin-gevent-python3 2.0.21-5.1). Sections:',
      '#   help: `uwsgi --plugins ' + PLUGINS.join(',') + ' --help`, verbatim',
      '#   blocks: plugin, first option of the block it adds to the help, option count (core comes first)',
      '#   extra: options added by further plugins (plugin<TAB>help line)',
      '#   kinds: `flag` (getopt refuses --name=x) or `value`',
    ];
    const text = [...header, '### help', full.trimEnd(), '### blocks', ...blocks, '### extra', ...extra, '### kinds', ...kinds, ''].join('\n');
    writeFileSync(dataFile, text);
    console.log(`wrote ${dataFile}: ${names.length} options`);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Generation (from the pinned data only)

function sections(text) {
  const out = new Map();
  let current;
  for (const line of text.split('\n')) {
    const header = /^### (\w+)$/.exec(line);
    if (header) {
      current = [];
      out.set(header[1], current);
    } else if (current) current.push(line);
  }
  return out;
}

function generate() {
  const data = sections(readFileSync(dataFile, 'utf8'));
  const help = data.get('help') ?? [];
  const kinds = new Map((data.get('kinds') ?? []).filter(Boolean).map((l) => l.split(' ')));
  const blockStarts = new Map((data.get('blocks') ?? []).filter(Boolean).map((l) => {
    const [plugin, first] = l.split(' ');
    return [first, plugin];
  }));

  /** @type {{name: string, short?: string, plugin: string, arg: string, desc: string}[]} */
  const rows = [];
  let plugin = 'core';
  for (const line of help) {
    const m = OPTION_LINE.exec(line);
    if (!m) continue;
    const [, short, name, desc] = m;
    plugin = blockStarts.get(name) ?? plugin;
    const arg = kinds.get(name);
    if (!arg) throw new Error(`no argument kind for ${name}`);
    rows.push({ name, short, plugin, arg, desc: desc.trim() });
  }
  for (const line of data.get('extra') ?? []) {
    if (!line) continue;
    const [extraPlugin, helpLine] = line.split('\t');
    const m = OPTION_LINE.exec(helpLine ?? '');
    if (!m) continue;
    // The greenlet engine takes no value, like ugreen (its loop is chosen by the option alone).
    rows.push({ name: m[2], short: m[1], plugin: extraPlugin, arg: 'flag', desc: m[3].trim() });
  }

  // Aliases: neighbouring lines of the same plugin with the same help text name one option
  // (`processes`/`workers`, `http`/`httprouter`); the first one is the canonical name.
  const canonical = new Map();
  for (let i = 0; i < rows.length; i++) {
    const prev = rows[i - 1];
    const row = rows[i];
    if (prev && prev.plugin === row.plugin && prev.desc === row.desc && prev.arg === row.arg) {
      canonical.set(row.name, canonical.get(prev.name) ?? prev.name);
    }
  }

  const pluginIds = [...new Set(rows.map((r) => r.plugin))];
  const lines = [
    '// Generated by scripts/gen-uwsgi-knowledge.mjs from scripts/data/uwsgi-help-2.0.21.txt',
    '// (`uwsgi --help` of Debian 12\'s uwsgi 2.0.21-debian with plugins python3, gevent_python3, http,',
    '// ugreen, plus greenlet_python3). Do not edit: regenerate. Facts only; descriptions are in notes.ts.',
    "import type { UwsgiOptionSpec } from './types';",
    '',
    `export const UWSGI_VERSION = '2.0.21';`,
    '',
    `const P = ${JSON.stringify(pluginIds)} as const;`,
    '',
    '/** name, plugin index, 1 when it takes no value, short flag, canonical name when an alias. */',
    'type Row = readonly [string, number, 0 | 1, string?, string?];',
    '',
    'const ROWS: readonly Row[] = [',
  ];
  for (const r of rows) {
    const fields = [JSON.stringify(r.name), pluginIds.indexOf(r.plugin), r.arg === 'flag' ? 1 : 0];
    const alias = canonical.get(r.name);
    if (r.short || alias) fields.push(r.short ? JSON.stringify(r.short) : 'undefined');
    if (alias) fields.push(JSON.stringify(alias));
    lines.push(`  [${fields.join(', ')}],`);
  }
  lines.push(
    '];',
    '',
    'export const OPTIONS: readonly UwsgiOptionSpec[] = ROWS.map(([name, plugin, flag, short, aliasOf]) => ({',
    '  name,',
    '  plugin: P[plugin]!,',
    "  arg: flag ? 'flag' : 'value',",
    '  ...(short !== undefined ? { short } : {}),',
    '  ...(aliasOf !== undefined ? { aliasOf } : {}),',
    '}));',
    '',
  );
  return lines.join('\n');
}

const args = process.argv.slice(2);
if (args.includes('--capture')) capture();
const generated = generate();
if (args.includes('--check')) {
  const current = readFileSync(outFile, 'utf8');
  if (current !== generated) {
    console.error(`${outFile} is out of date: run node scripts/gen-uwsgi-knowledge.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(outFile, generated);
  console.log(`wrote ${outFile}`);
}
