// Bundles the extension client, the language server and the CLI (after vscode-eslint's esbuild.js).
//   node esbuild.mjs                 development build with source maps
//   node esbuild.mjs --production    minified, no source maps (used by scripts/package.mjs)
//   node esbuild.mjs --watch         rebuild on change
//   --outdir <dir>                   write the bundles under <dir> instead of the repository
//                                    (<dir>/server/out/cli.js, …); the bench uses it
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative, resolve } from 'node:path';

const root = dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdirAt = process.argv.indexOf('--outdir');
const outRoot = outdirAt === -1 ? root : resolve(process.argv[outdirAt + 1] ?? '.');

/** @type {{ name: string, entry: string, outfile: string, options?: import('esbuild').BuildOptions, executable?: boolean }[]} */
const bundles = [
  {
    name: 'client',
    entry: 'client/src/extension.ts',
    outfile: 'client/out/extension.js',
    options: { external: ['vscode'] },
  },
  {
    name: 'server',
    entry: 'server/src/lsp/main.ts',
    outfile: 'server/out/server.js',
  },
  {
    name: 'cli',
    entry: 'server/src/cli/main.ts',
    outfile: 'server/out/cli.js',
    // The CLI never shows hovers, so the official directive descriptions (1.6 MB) stay out of it.
    options: { banner: { js: '#!/usr/bin/env node' }, external: ['@nginx/reference-lib'] },
    executable: true,
  },
];

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  // Prefer ESM builds of dependencies where they exist (better tree shaking), as vscode-eslint does.
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

function formatSize(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

async function main() {
  const active = [];
  for (const b of bundles) {
    if (!existsSync(join(root, b.entry))) {
      console.log(`note: skipping ${b.name}: ${b.entry} does not exist yet`);
      continue;
    }
    active.push(b);
  }
  if (active.length === 0) {
    console.error('nothing to build');
    process.exit(1);
  }

  const contexts = [];
  let failed = false;
  for (const b of active) {
    const outfile = join(outRoot, b.outfile);
    // A production build must not leave a stale source map from an earlier development build.
    if (production) rmSync(outfile + '.map', { force: true });
    const options = { ...common, ...b.options, entryPoints: [join(root, b.entry)], outfile };
    if (watch) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
      contexts.push(ctx);
      console.log(`watching ${b.entry}`);
      continue;
    }
    try {
      await esbuild.build(options);
      if (b.executable) chmodSync(outfile, 0o755);
      console.log(`${relative(root, outfile).padEnd(26)} ${formatSize(statSync(outfile).size).padStart(9)}`);
    } catch {
      // esbuild has already printed the errors.
      failed = true;
      console.error(`error: ${b.name} bundle failed`);
    }
  }
  if (!watch) {
    console.log(`${production ? 'production' : 'development'} build ${failed ? 'FAILED' : 'done'}`);
    if (failed) process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
