/**
 * Invariants from ARCHITECTURE.md that a test can hold: the language service is pure (no
 * Node I/O, no LSP, no VS Code), and Lezer stays inside the gunicorn parser adapter.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const SERVICE = join(ROOT, 'server', 'src', 'service');
const FORBIDDEN = /^(node:)?(fs|path|child_process|process|os|net|http|https)$|^vscode$|^vscode-languageserver(\/.*)?$|^vscode-languageclient/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('the language service imports no I/O, LSP or VS Code modules', () => {
  const offenders: string[] = [];
  for (const file of sources(SERVICE)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)) {
      if (FORBIDDEN.test(match[1]!)) offenders.push(`${relative(ROOT, file)} imports ${match[1]}`);
    }
    if (/\bprocess\.(env|cwd|argv|exit)/.test(text)) offenders.push(`${relative(ROOT, file)} uses process`);
  }
  assert.deepEqual(offenders, []);
});

test('service files stay small (generated tables excepted)', () => {
  const large = sources(SERVICE)
    .filter((f) => !f.includes('.generated.') && !f.endsWith('notes.ts'))
    .map((f) => ({ f: relative(ROOT, f), lines: readFileSync(f, 'utf8').split('\n').length }))
    .filter((x) => x.lines > 400);
  assert.deepEqual(large, []);
});
