/**
 * Extension-host suite: runs inside a real VS Code extension host, with the wsconf extension as
 * packaged, against a copy of test/e2e/workspace opened as the workspace folder. It talks to the
 * extension only through the public vscode API, as a user's editor would.
 *
 * One suite, two launchers: test/e2e/exthost.mjs (code-server's VS Code server in chromium, part of
 * `npm run test:e2e`) and test/e2e/electron.mjs (@vscode/test-electron, `npm run test:electron`, on a
 * machine that can download VS Code). Both call `run()`; a failed test makes it reject.
 *
 * Waiting is on `onDidChangeDiagnostics` with a condition; the timeout only bounds a failure.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'wsconf.wsconf';
const WAIT_MS = 30_000;

type Test = { name: string; fn: () => Promise<void> };
const tests: Test[] = [];
const test = (name: string, fn: () => Promise<void>): void => {
  tests.push({ name, fn });
};

function folder(): vscode.Uri {
  const first = vscode.workspace.workspaceFolders?.[0];
  assert.ok(first, 'a workspace folder is open');
  return first.uri;
}

async function open(path: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), ...path.split('/')));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function ruleOf(d: vscode.Diagnostic): string {
  const code = d.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code ?? '');
}
const rules = (uri: vscode.Uri): string[] => vscode.languages.getDiagnostics(uri).map(ruleOf);

/** Resolves with the diagnostics of `uri` as soon as `ok` holds for them. */
function diagnostics(uri: vscode.Uri, ok: (d: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = vscode.languages.getDiagnostics(uri);
      if (!ok(current)) return false;
      done();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${what}; ${uri.path.split('/').slice(-2).join('/')} has [${rules(uri).join(', ')}]`));
    }, WAIT_MS);
    function done(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}
const withRule = (rule: string) => (d: vscode.Diagnostic[]) => d.some((x) => ruleOf(x) === rule);
const withoutRule = (rule: string) => (d: vscode.Diagnostic[]) => !d.some((x) => ruleOf(x) === rule);

/** Polls `probe` until it returns a value; for conditions that no event announces. */
async function until<T>(probe: () => Promise<T | undefined>, what: () => string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The position of the first occurrence of `text` (plus `offset` characters). */
function positionOf(doc: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const at = doc.getText().indexOf(text);
  assert.ok(at >= 0, `"${text}" occurs in ${doc.fileName}`);
  return doc.positionAt(at + offset);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

const label = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);

test('the extension activates for nginx.conf, gunicorn.conf.py and uwsgi.ini', async () => {
  const nginx = await open('socketio/nginx.conf');
  assert.equal(nginx.languageId, 'nginx');
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  await ext.activate();
  assert.equal(ext.isActive, true);
  assert.equal((await open('gunicorn/gunicorn.conf.py')).languageId, 'python');
  assert.equal((await open('uwsgi/uwsgi.ini')).languageId, 'uwsgi');
});

test('nginx: a Socket.IO location without Upgrade is an error at its proxy_pass', async () => {
  const doc = await open('socketio/nginx.conf');
  const found = await diagnostics(doc.uri, withRule('nginx/ws-missing-upgrade-header'), 'nginx/ws-missing-upgrade-header');
  const d = found.find((x) => ruleOf(x) === 'nginx/ws-missing-upgrade-header');
  assert.ok(d);
  assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(d.source, 'wsconf');
  assert.equal(doc.getText(d.range), 'proxy_pass http://chat;');
  assert.match(d.message, /Upgrade header/);
});

test('gunicorn: the default sync worker is an error', async () => {
  const doc = await open('gunicorn/gunicorn.conf.py');
  const found = await diagnostics(doc.uri, withRule('gunicorn/socketio-sync-worker'), 'gunicorn/socketio-sync-worker');
  assert.equal(found.find((x) => ruleOf(x) === 'gunicorn/socketio-sync-worker')?.severity, vscode.DiagnosticSeverity.Error);
});

test('uwsgi: no gevent is an error', async () => {
  const doc = await open('uwsgi/uwsgi.ini');
  await diagnostics(doc.uri, withRule('uwsgi/socketio-no-async-engine'), 'uwsgi/socketio-no-async-engine');
});

test('hover: nginx directive documentation and gunicorn setting documentation', async () => {
  const nginx = await open('socketio/nginx.conf');
  const nginxHover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider', nginx.uri, positionOf(nginx, 'proxy_read_timeout', 3)));
  assert.match(nginxHover, /ngx_http_proxy_module/);
  assert.match(nginxHover, /proxy_read_timeout/);
  const gunicorn = await open('gunicorn/gunicorn.conf.py');
  const gunicornHover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider', gunicorn.uri, positionOf(gunicorn, 'workers', 2)));
  assert.match(gunicornHover, /\*\*workers\*\* · gunicorn setting/);
});

test('code action: the quick fix adds the Upgrade header and the diagnostic goes away', async () => {
  const doc = await open('socketio/nginx.conf');
  const found = await diagnostics(doc.uri, withRule('nginx/ws-missing-upgrade-header'), 'nginx/ws-missing-upgrade-header');
  const d = found.find((x) => ruleOf(x) === 'nginx/ws-missing-upgrade-header');
  assert.ok(d);
  // The command runs in the workbench, which learns of new diagnostics a moment after the extension
  // host does, and passes the ones it knows to the provider: ask until the fix is offered.
  let actions: vscode.CodeAction[] = [];
  const fix = await until(async () => {
    actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    return actions.find((a) => a.title === 'Add proxy_set_header Upgrade $http_upgrade');
  }, () => `the fix to be offered (got: ${actions.map((a) => a.title).join(', ')})`);
  assert.ok(fix.edit);
  assert.equal(fix.isPreferred, true);
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  assert.match(doc.getText(), /proxy_set_header Upgrade \$http_upgrade;\n\s*proxy_pass http:\/\/chat;/);
  await diagnostics(doc.uri, withoutRule('nginx/ws-missing-upgrade-header'), 'the finding to go after the fix');
});

test('completion: directives from the server and the snippets of all three file kinds', async () => {
  const doc = await open('site/sites-enabled/chat');
  assert.equal(doc.languageId, 'nginx');
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 0));
  const labels = list.items.map(label);
  for (const expected of ['socketio-server', 'socketio-location', 'upstream', 'server']) {
    assert.ok(labels.includes(expected), `completion offers ${expected} (got ${labels.length} items: ${labels.slice(0, 15).join(', ')}, …)`);
  }
  const snippet = list.items.find((i) => label(i) === 'socketio-server');
  assert.equal(snippet?.kind, vscode.CompletionItemKind.Snippet);

  // gunicorn's snippets come from the server (a python snippet contribution would show everywhere),
  // uWSGI's from the extension's snippet file.
  const appSnippets: [string, string][] = [['gunicorn/gunicorn.conf.py', 'websocket-gevent-websocket'], ['uwsgi/uwsgi.ini', 'uwsgi-socketio-http-socket']];
  for (const [path, expected] of appSnippets) {
    const app = await open(path);
    const end = new vscode.Position(app.lineCount - 1, 0);
    const items = (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', app.uri, end)).items;
    assert.ok(items.some((i) => label(i) === expected), `${path} completion offers ${expected}`);
  }
});

test('settings: wsconf.rules turning a rule off removes its diagnostic, and back on restores it', async () => {
  const doc = await open('gunicorn/gunicorn.conf.py');
  await diagnostics(doc.uri, withRule('gunicorn/socketio-sync-worker'), 'gunicorn/socketio-sync-worker');
  const config = vscode.workspace.getConfiguration('wsconf', doc.uri);
  await config.update('rules', { 'gunicorn/socketio-sync-worker': 'off' }, vscode.ConfigurationTarget.Workspace);
  try {
    await diagnostics(doc.uri, withoutRule('gunicorn/socketio-sync-worker'), 'the rule to be turned off');
  } finally {
    await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await diagnostics(doc.uri, withRule('gunicorn/socketio-sync-worker'), 'the rule to report again');
});

test('cross-file: the nginx upstream follows the gunicorn bind, also before saving', async () => {
  const nginx = await open('cross/nginx.conf');
  const found = await diagnostics(nginx.uri, withRule('cross/upstream-unreachable'), 'cross/upstream-unreachable');
  const d = found.find((x) => ruleOf(x) === 'cross/upstream-unreachable');
  assert.ok(d);
  assert.equal(nginx.getText(d.range), '127.0.0.1:5300');
  assert.ok(d.relatedInformation?.some((r) => r.location.uri.path.endsWith('/cross/gunicorn.conf.py')));
  const gunicorn = await open('cross/gunicorn.conf.py');
  const edit = new vscode.WorkspaceEdit();
  const at = positionOf(gunicorn, '127.0.0.1:5301');
  edit.replace(gunicorn.uri, new vscode.Range(at, at.translate(0, '127.0.0.1:5301'.length)), '127.0.0.1:5300');
  assert.ok(await vscode.workspace.applyEdit(edit));
  await diagnostics(nginx.uri, withoutRule('cross/upstream-unreachable'), 'the cross-file finding to go');
});

export async function run(): Promise<void> {
  let failed = 0;
  for (const t of tests) {
    try {
      await t.fn();
      console.log(`ok - exthost: ${t.name}`);
    } catch (err) {
      failed++;
      console.log(`not ok - exthost: ${t.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  console.log(`exthost: ${tests.length} tests, ${failed} not ok`);
  if (failed > 0) throw new Error(`${failed} of ${tests.length} extension-host tests failed`);
}
