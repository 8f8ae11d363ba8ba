// UI end-to-end test: Debian's chromium (driven by playwright-core) in a code-server that has the
// packaged wsconf .vsix installed. Each scenario opens its own folder of the workspace copy, so the
// deployments do not see each other. Every wait is for a condition in the page (an element appears
// or goes away, the editor text changes); timeouts only bound a failure.
//   node test/e2e/ui.mjs <code-server url> <workspace copy> <screenshot dir>
// env PLAYWRIGHT_DIR: the playwright-core package folder (installed by tools.sh).
// Prints `ok - <scenario>: <step>` / `not ok - ...` per step; exit code 1 when a step failed.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [BASE, WORKSPACE, SHOTS] = process.argv.slice(2);
if (!BASE || !WORKSPACE || !SHOTS) {
  console.error('usage: node ui.mjs <url> <workspace> <screenshot dir>');
  process.exit(2);
}
const { chromium } = createRequire(import.meta.url)(process.env.PLAYWRIGHT_DIR ?? 'playwright-core');
mkdirSync(SHOTS, { recursive: true });

const results = [];
let page;

const shot = (name) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
const editorText = async () =>
  (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
const errorSquiggles = () => page.locator('.editor-instance .squiggly-error');

/** Runs the steps of one scenario in order; after a failed step the rest are reported as not run. */
async function scenario(name, steps) {
  let broken = false;
  for (const [label, fn] of steps) {
    const title = `${name}: ${label}`;
    if (broken) {
      results.push(false);
      console.log(`not ok - ${title} (not run: an earlier step failed)`);
      continue;
    }
    try {
      await fn();
      results.push(true);
      console.log(`ok - ${title}`);
    } catch (err) {
      broken = true;
      results.push(false);
      console.log(`not ok - ${title}: ${String(err?.message ?? err).split('\n')[0]}`);
      await shot(`failure-${name.replace(/\W+/g, '-')}`).catch(() => {});
    }
  }
}

async function openFolder(folder) {
  await page.goto(`${BASE}/?folder=${encodeURIComponent(join(WORKSPACE, folder))}`);
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
}

async function openFile(path) {
  const base = path.split('/').pop();
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(path);
  // Wait until the focused (first) row is the file: before the filter applies, it is a recent file.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: base }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor();
  await page.locator('.editor-instance .view-lines').first().waitFor();
}

/** The centre of `word` where it starts a visible editor line (a DOM range over its characters). */
async function wordCentre(word) {
  const handle = await page.waitForFunction((w) => {
    for (const line of document.querySelectorAll('.editor-instance .view-line')) {
      const text = line.textContent.replace(/\u00a0/g, ' ');
      if (!text.trimStart().startsWith(w)) continue;
      let skip = text.indexOf(w);
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (skip >= node.length) { skip -= node.length; continue; }
        const range = document.createRange();
        range.setStart(node, skip);
        range.setEnd(node, Math.min(node.length, skip + w.length));
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
    }
    return null;
  }, word);
  return handle.jsonValue();
}

/** Resolves once the editor shows `text` (the editor renders spaces as no-break spaces). */
function editorShows(text) {
  return page.waitForFunction((t) => document.querySelector('.editor-instance .view-lines')?.textContent
    ?.replace(/\u00a0/g, ' ').includes(t), text);
}

async function hover(word, line, expected) {
  await page.keyboard.press('Escape');
  await goToLine(line);
  const at = await wordCentre(word);
  await page.mouse.move(at.x, at.y - 40);
  await page.mouse.move(at.x, at.y);
  await page.locator('.monaco-hover', { hasText: expected }).first().waitFor();
}

async function showProblem(ruleId) {
  // Opening the panel takes the focus away from the editor; the quick-fix step clicks back into it.
  if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel .monaco-list-row', { hasText: ruleId }).first().waitFor();
}

/** Puts the cursor where the diagnostic of `line` starts, opens the quick-fix menu and applies `title`. */
async function quickFix(line, title, screenshot) {
  await goToLine(line);
  // Go to Line leaves the cursor in column 1; Home moves it to the first word, where the finding starts.
  await page.keyboard.press('Home');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+.');
  const wanted = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  await wanted.waitFor();
  if (screenshot) await shot(screenshot);
  // A click is swallowed by the widget's pointer blocker: move the keyboard focus to the entry instead.
  const rows = await page.locator('.action-widget .monaco-list-row').count();
  for (let i = 0; i < rows && !(await wanted.evaluate((el) => el.classList.contains('focused'))); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await wanted.waitFor({ state: 'hidden' });
}

async function goToLine(line) {
  // Focus the editor first: the Problems panel may have the keyboard.
  await page.locator('.editor-instance .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
}

/** gunicorn and uWSGI: a finding with its Problems entry, a hover, and the quick fix that removes it. */
function appServerScenario({ name, file, finding, rule, hover: h, fix, shots }) {
  return scenario(name, [
    ['workbench loads the folder', () => openFolder(name)],
    [`${finding}: error squiggle and Problems entry`, async () => {
      await openFile(file);
      await errorSquiggles().first().waitFor();
      await showProblem(rule);
      await shot(shots[0]);
    }],
    ['hover shows the documentation', async () => {
      await hover(h.word, h.line, h.shows);
      await shot(shots[1]);
    }],
    [`quick fix ${fix.what}`, async () => {
      await quickFix(fix.line, fix.title);
      await editorShows(fix.adds);
      await errorSquiggles().first().waitFor({ state: 'detached' });
      await shot(shots[2]);
    }],
  ]);
}

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'wsconf-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 820 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);

    await scenario('nginx', [
      ['workbench loads the folder', () => openFolder('socketio')],
      ['error squiggle under the Socket.IO proxy_pass', async () => {
        await openFile('nginx.conf');
        await errorSquiggles().first().waitFor();
      }],
      ['Problems lists nginx/ws-missing-upgrade-header', async () => {
        await showProblem('nginx/ws-missing-upgrade-header');
        await page.locator('.markers-panel .monaco-list-row', { hasText: 'does not pass the Upgrade header' }).first().waitFor();
        await shot('01-nginx-problem');
      }],
      ['hover on proxy_read_timeout shows its documentation', async () => {
        await hover('proxy_read_timeout', 23, 'ngx_http_proxy_module');
        await page.locator('.monaco-hover', { hasText: 'Default:' }).first().waitFor();
        await shot('02-nginx-hover');
      }],
      ['quick fix (Ctrl+.) adds the Upgrade header and the squiggle goes away', async () => {
        await quickFix(24, 'Add proxy_set_header Upgrade $http_upgrade', '03-nginx-quick-fix-menu');
        await editorShows('proxy_set_header Upgrade $http_upgrade;');
        await errorSquiggles().first().waitFor({ state: 'detached' });
        await page.locator('.markers-panel .monaco-list-row', { hasText: 'nginx/ws-missing-upgrade-header' }).first().waitFor({ state: 'detached' });
        await shot('04-nginx-fixed');
      }],
    ]);

    await scenario('snippet', [
      ['workbench loads the folder', () => openFolder('site')],
      ['the typed prefix alone is reported', async () => {
        await openFile('sites-enabled/chat');
        await page.locator('.editor-instance .view-lines').first().click();
        await page.keyboard.type('socketio-server');
        // The half-typed file is an unknown directive: seeing it proves the server follows the edits.
        await errorSquiggles().first().waitFor();
      }],
      ['socketio-server inserts the map, upstream and server blocks', async () => {
        const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'socketio-server' }).first();
        for (let i = 0; i < 5; i++) {
          // Ctrl+Space is sometimes swallowed while the workbench is busy: ask again until the list shows.
          await page.keyboard.press('Control+Space');
          if (await item.waitFor({ timeout: 4000 }).then(() => true, () => false)) break;
        }
        await item.waitFor({ timeout: 1000 });
        await shot('05-snippet-suggest');
        await page.keyboard.press('Enter');
        await editorShows('proxy_read_timeout');
        await page.keyboard.press('Escape'); // leave the snippet's placeholders
        await page.keyboard.press('Escape');
        const text = await editorText();
        for (const part of ['map $http_upgrade $connection_upgrade', 'upstream socketio_nodes', 'ip_hash;', 'location /socket.io/']) {
          if (!text.includes(part)) throw new Error(`inserted text lacks "${part}"`);
        }
      }],
      ['the inserted site has no findings', async () => {
        await errorSquiggles().first().waitFor({ state: 'detached' });
        await page.locator('.editor-instance .squiggly-warning, .editor-instance .squiggly-info').first().waitFor({ state: 'detached' });
        if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
        await page.locator('.markers-panel', { hasText: 'No problems have been detected' }).waitFor();
        await shot('06-snippet-clean');
      }],
    ]);

    await appServerScenario({
      name: 'gunicorn', file: 'gunicorn.conf.py', finding: 'sync worker', rule: 'gunicorn/socketio-sync-worker',
      hover: { word: 'workers', line: 4, shows: 'gunicorn setting' },
      fix: { line: 4, title: 'GeventWebSocketWorker', adds: 'GeventWebSocketWorker', what: 'sets the gevent-websocket worker' },
      shots: ['07-gunicorn-problem', '08-gunicorn-hover', '09-gunicorn-fixed'],
    });
    await appServerScenario({
      name: 'uwsgi', file: 'uwsgi.ini', finding: 'no gevent', rule: 'uwsgi/socketio-no-async-engine',
      hover: { word: 'processes', line: 7, shows: 'uWSGI option' },
      fix: { line: 4, title: 'Add gevent = 1000', adds: 'gevent = 1000', what: 'adds gevent = 1000' },
      shots: ['10-uwsgi-problem', '11-uwsgi-hover', '12-uwsgi-fixed'],
    });

    await scenario('cross-file', [
      ['workbench loads the folder', () => openFolder('cross')],
      ['nginx upstream port that gunicorn does not bind is an error', async () => {
        await openFile('nginx.conf');
        await errorSquiggles().first().waitFor();
        await showProblem('cross/upstream-unreachable');
        const box = await errorSquiggles().first().boundingBox();
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.locator('.monaco-hover', { hasText: 'bind 127.0.0.1:5301' }).first().waitFor();
        await shot('13-cross-file-problem');
      }],
      ['editing the bind in gunicorn.conf.py clears the nginx error', async () => {
        await page.keyboard.press('Escape');
        await openFile('gunicorn.conf.py');
        await goToLine(2);
        await page.keyboard.press('End');
        await page.keyboard.press('ArrowLeft');
        await page.keyboard.press('Backspace');
        await page.keyboard.type('0');
        await editorShows('127.0.0.1:5300');
        await page.locator('.markers-panel .monaco-list-row', { hasText: 'cross/upstream-unreachable' }).first().waitFor({ state: 'detached' });
        await openFile('nginx.conf');
        await errorSquiggles().first().waitFor({ state: 'detached' });
        await shot('14-cross-file-fixed');
      }],
    ]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (err) {
  results.push(false);
  console.log(`not ok - ui driver: ${err?.message ?? err}`);
}
const failed = results.filter((r) => !r).length;
console.log(`ui: ${results.length} steps, ${failed} not ok`);
process.exit(failed > 0 ? 1 : 0);
