// Builds the production bundles and packages wsconf-<version>.vsix, then lists what went in.
//   node scripts/package.mjs        (npm run package)
// Exits non-zero when a prerequisite is missing or a step fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const REQUIRED_BUNDLES = ['client/out/extension.js', 'server/out/server.js', 'server/out/cli.js'];

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function run(command, args) {
  console.log(`> ${command} ${args.join(' ')}`);
  // stdin is closed so that a vsce prompt fails instead of waiting forever.
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args[0]} exited with ${result.status ?? result.signal}`);
}

/** Names and uncompressed sizes from a zip's central directory (enough for a .vsix listing). */
function listZip(file) {
  const buf = readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) fail(`${file}: bad central directory entry`);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size, compressed });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (!existsSync(join(root, 'README.md'))) {
  fail('README.md is missing. vsce requires it (it becomes the Marketplace page); write it first.');
}
if (!pkg.repository) fail('package.json has no "repository" field; vsce requires one.');
if (!existsSync(join(root, 'LICENSE'))) fail('LICENSE is missing.');
if (!existsSync(join(root, pkg.icon ?? 'images/icon.png'))) fail(`icon ${pkg.icon} is missing: run node scripts/make-icon.mjs`);

run(process.execPath, ['esbuild.mjs', '--production']);
const missing = REQUIRED_BUNDLES.filter((f) => !existsSync(join(root, f)));
if (missing.length > 0) {
  fail(`missing bundle(s): ${missing.join(', ')}. Their entry files are probably not written yet (see the notes above).`);
}

const vsix = `wsconf-${pkg.version}.vsix`;
run('npx', ['vsce', 'package', '--no-dependencies', '-o', vsix]);

const entries = listZip(join(root, vsix));
console.log(`\n${vsix} contents:`);
for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
  console.log(`  ${e.name.padEnd(58)} ${kb(e.size).padStart(10)}`);
}
const names = new Set(entries.map((e) => e.name));
const absent = REQUIRED_BUNDLES.filter((f) => !names.has(`extension/${f}`));
if (absent.length > 0) fail(`the vsix lacks ${absent.join(', ')}: check .vscodeignore`);
const unexpected = entries.filter((e) => /\/(node_modules|src|test|build)\/|\.map$|\.ts$/.test(e.name));
if (unexpected.length > 0) fail(`the vsix contains files that should not ship: ${unexpected.map((e) => e.name).join(', ')}`);
const total = entries.reduce((sum, e) => sum + e.size, 0);
console.log(`\n${entries.length} files, ${kb(total)} uncompressed, ${vsix} is ${kb(statSync(join(root, vsix)).size)}`);
