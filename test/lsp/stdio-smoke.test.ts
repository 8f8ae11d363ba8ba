/**
 * The one end-to-end protocol test of the shipped bundle: spawn `node server/out/server.js
 * --stdio` as Neovim or Helix would, and go through initialize, didOpen, publishDiagnostics,
 * codeAction, hover, completion, shutdown and exit; the process must exit with code 0.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { CodeAction, CompletionList, Diagnostic, Hover, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver/node';

const ROOT = join(__dirname, '..', '..', '..');
const BUNDLE = join(ROOT, 'server', 'out', 'server.js');
const TIMEOUT = 10_000;

function ensureBundle(): void {
  if (existsSync(BUNDLE)) return;
  const esbuild = join(ROOT, 'node_modules', '.bin', 'esbuild');
  const result = spawnSync(esbuild, ['server/src/lsp/main.ts', '--bundle', '--platform=node', '--format=cjs', `--outfile=${BUNDLE}`], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, `esbuild failed: ${result.stderr}`);
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), TIMEOUT);
    }),
  ]);
}

test('the bundled server speaks LSP over stdio and exits cleanly', { timeout: 30_000 }, async () => {
  ensureBundle();
  const dir = mkdtempSync(join(tmpdir(), 'wsconf-stdio-'));
  const file = join(dir, 'nginx.conf');
  const text = 'events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pas http://127.0.0.1:5000;\n        }\n    }\n}\n';
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;

  const child = spawn(process.execPath, [BUNDLE, '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  try {
    const diagnostics = new Promise<Diagnostic[]>((resolve) => {
      connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
        if (params.uri === uri && params.diagnostics.some((d) => d.code === 'nginx/unknown-directive')) resolve(params.diagnostics);
      });
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();

    const init = await withTimeout(
      connection.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(dir).href,
        capabilities: {
          workspace: { configuration: true },
          textDocument: { publishDiagnostics: { dataSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
        },
      }),
      'initialize',
    );
    assert.equal(init.capabilities.hoverProvider, true);
    assert.equal(init.serverInfo?.name, 'wsconf');
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nginx', version: 1, text } });

    const published = await withTimeout(diagnostics, 'publishDiagnostics');
    const typo = published.find((d) => d.code === 'nginx/unknown-directive')!;
    assert.equal(typo.source, 'wsconf');
    assert.equal(typo.range.start.line, 5);

    const actions = await withTimeout(
      connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: typo.range, context: { diagnostics: [typo] } }),
      'codeAction',
    );
    assert.ok(actions.some((a) => a.title === 'Change to "proxy_pass"'), actions.map((a) => a.title).join(', '));

    const hover = await withTimeout(
      connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 10 } }),
      'hover',
    );
    // The official description comes from @nginx/reference-lib, bundled into server.js.
    assert.match((hover.contents as { value: string }).value, /listen/);
    assert.match((hover.contents as { value: string }).value, /Sets the \*`address`\* and \*`port`\*/);

    const completion = await withTimeout(
      connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 19 } }),
      'completion',
    );
    assert.ok(completion.items.some((i) => i.label === 'proxy_pass'));

    await withTimeout(connection.sendRequest('shutdown'), 'shutdown');
    await connection.sendNotification('exit');
    assert.equal(await withTimeout(exited, 'process exit'), 0, stderr);
  } finally {
    connection.dispose();
    if (child.exitCode === null) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
