// Launcher of the extension-host suite (test/e2e/suite/index.ts) in desktop VS Code through
// @vscode/test-electron: `npm run test:electron`. It downloads VS Code, so it needs a machine that can
// reach the VS Code update service (this project's CI cannot; there the same suite runs in the VS Code
// server build of code-server: test/e2e/exthost.mjs, part of `npm run test:e2e`).
// Env: VSCODE_VERSION (default "stable"), WSCONF_E2E_KEEP=1 keeps the temporary folder.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = mkdtempSync(join(tmpdir(), 'wsconf-electron-'));
let code = 1;
try {
  for (const args of [['esbuild.mjs'], ['test/e2e/build-suite.mjs', join(run, 'suite.js')]]) {
    const built = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`node ${args.join(' ')} failed`);
  }
  const workspace = join(run, 'ws');
  cpSync(join(root, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  mkdirSync(join(run, 'user-data'), { recursive: true });
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(run, 'suite.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome',
      '--user-data-dir', join(run, 'user-data')],
  });
  code = 0;
} catch (err) {
  console.error(`test:electron failed: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  if (!process.env.WSCONF_E2E_KEEP) rmSync(run, { recursive: true, force: true });
}
process.exit(code);
