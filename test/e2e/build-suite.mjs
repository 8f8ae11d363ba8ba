// Bundles the extension-host suite (test/e2e/suite/index.ts) into one CommonJS file that VS Code's
// extension host can require: `vscode` stays external, node:assert is built in.
//   node test/e2e/build-suite.mjs <outfile>
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outfile = process.argv[2];
if (!outfile) {
  console.error('usage: node build-suite.mjs <outfile>');
  process.exit(2);
}
await esbuild.build({
  entryPoints: [join(dirname(fileURLToPath(import.meta.url)), 'suite', 'index.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'warning',
});
