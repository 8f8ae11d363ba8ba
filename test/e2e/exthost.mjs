// Launcher of the extension-host suite in a VS Code server (the code-server package's build),
// the counterpart of electron.mjs. The workbench page gets a test payload: VS Code then loads the
// development extension, requires the suite and calls its run(); the result comes back through
// window.codeAutomationExit, and the suite's console lines through the page console.
//   node test/e2e/exthost.mjs <server url> <workspace folder> <extension folder> <suite.js>
// env PLAYWRIGHT_DIR: the playwright-core package folder (installed by tools.sh).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [BASE, FOLDER, EXTENSION, SUITE] = process.argv.slice(2);
if (!BASE || !FOLDER || !EXTENSION || !SUITE) {
  console.error('usage: node exthost.mjs <url> <workspace> <extension folder> <suite.js>');
  process.exit(2);
}
const { chromium } = createRequire(import.meta.url)(process.env.PLAYWRIGHT_DIR ?? 'playwright-core');

const remote = (path) => `vscode-remote://${new URL(BASE).host}${path}`;
const payload = [
  ['extensionDevelopmentPath', remote(EXTENSION)],
  ['extensionTestsPath', remote(SUITE)],
  ['skipWelcome', 'true'],
];
const profile = mkdtempSync(join(tmpdir(), 'wsconf-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let code;
let reported = 0;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    // The extension host's console lines arrive prefixed; keep only the suite's result lines.
    const match = /((?:not )?ok - exthost: .*|exthost: \d+ tests, .*)$/s.exec(message.text());
    if (!match) return;
    if (match[1].startsWith('ok') || match[1].startsWith('not ok')) reported++;
    console.log(match[1].trim());
  });
  const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (c) => resolve(c)));
  await page.exposeFunction('codeAutomationLog', () => {});
  await page.goto(`${BASE}/?folder=${encodeURIComponent(FOLDER)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  let timer;
  code = await Promise.race([exited, new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), 240_000); })]);
  clearTimeout(timer);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
if (code !== 0 && (code === 'timeout' || reported === 0)) console.log(`not ok - exthost: the extension host finished with ${code}`);
process.exit(code === 0 ? 0 : 1);
