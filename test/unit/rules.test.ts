/**
 * Discovers every rule fixture folder (test/fixtures/rules/<lang>/<rule>/) and checks:
 * invalid.* matches its annotations exactly, valid.* gives no finding of the rule, and
 * invalid.*.fixed is the text after all fixes, on which the rule is silent.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';
import { ALL_RULES } from '../../server/src/service/lint/rules';
import { joinFixture, parseFixture, renderAnnotations, stripAnnotations } from '../support/fixture';
import { fixFiles, lintFiles } from '../support/lint-fixture';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'rules');
// UPDATE_EXPECT=1 rewrites every fixture; UPDATE_EXPECT=<text> only those of rules whose id contains it.
const UPDATE = process.env['UPDATE_EXPECT'] ?? '';
const EXTENSIONS: Readonly<Record<string, string>> = { nginx: 'conf', gunicorn: 'py', uwsgi: 'ini', cross: 'fixture', wsconf: 'fixture' };

function expectText(path: string, actual: string, ruleId: string): void {
  if (UPDATE === '1' || (UPDATE !== '' && ruleId.includes(UPDATE))) {
    writeFileSync(path, actual);
    return;
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `${path} differs (UPDATE_EXPECT=1 rewrites it)`);
}

/** Where a single-file fixture lives, named so that wsconf recognises its language. */
function fixturePath(ruleId: string, name: string): string {
  const stem = name.replace(/\.\w+$/, '');
  if (ruleId.startsWith('gunicorn/')) return `/fixture/${stem}/gunicorn.conf.py`;
  if (ruleId.startsWith('uwsgi/')) return `/fixture/${stem}/uwsgi.ini`;
  return `/fixture/${name}`;
}

function ruleFolders(): { ruleId: string; dir: string; ext: string }[] {
  const out: { ruleId: string; dir: string; ext: string }[] = [];
  for (const lang of existsSync(FIXTURES) ? readdirSync(FIXTURES).sort() : []) {
    for (const name of readdirSync(join(FIXTURES, lang)).sort()) {
      out.push({ ruleId: `${lang}/${name}`, dir: join(FIXTURES, lang, name), ext: EXTENSIONS[lang] ?? 'conf' });
    }
  }
  return out;
}

for (const { ruleId, dir, ext } of ruleFolders()) {
  const rule = ALL_RULES.find((r) => r.id === ruleId);
  const configPath = join(dir, 'config.json');
  const settings = existsSync(configPath) ? JSON.parse(readFileSync(configPath, 'utf8')) : {};
  // Cross-file and wsconf/* fixtures lint all their files as one deployment, with every language's syntax rule.
  const cross = ruleId.startsWith('cross/') || ruleId.startsWith('wsconf/');
  const only = cross ? [ruleId, 'nginx/syntax', 'gunicorn/syntax', 'uwsgi/syntax'] : [ruleId, `${ruleId.split('/')[0]}/syntax`];
  const applySuggestions = rule?.meta.fixable === 'suggestion';

  suite(ruleId, () => {
    // invalid.conf, invalid-fragment.conf, valid.conf, valid-traps.conf, …
    const cases = readdirSync(dir).filter((name) => /^(invalid|valid)(-[\w-]+)?\.\w+$/.test(name)).sort();
    for (const name of cases) {
      const path = join(dir, name);
      const kind = name.startsWith('invalid') ? 'invalid' : 'valid';
      test(name, () => {
        const source = readFileSync(path, 'utf8');
        const files = parseFixture(source, fixturePath(ruleId, name));
        const texts = new Map(files.map((f) => [f.path, f.text]));
        const entry = cross ? files.map((f) => f.path) : files[0]!.path;
        const findings = lintFiles(texts, entry, { only, settings });
        const rendered = files.map((f) => ({ path: f.path, text: renderAnnotations(f, findings.filter((x) => x.file === f.path)) }));
        expectText(path, joinFixture(rendered, source.startsWith('# --- ')), ruleId);
        if (kind === 'valid') {
          assert.deepEqual(findings.filter((f) => f.ruleId === ruleId).map((f) => f.message), [], 'valid fixture must stay silent');
        } else {
          assert.ok(findings.some((f) => f.ruleId === ruleId), 'invalid fixture must trigger the rule');
        }
        const fixedPath = `${path}.fixed`;
        if (kind === 'invalid' && existsSync(fixedPath)) {
          const fixed = fixFiles(texts, entry, { only, settings, applySuggestions });
          const fixedText = joinFixture(files.map((f) => ({ path: f.path, text: fixed.get(f.path) ?? '' })), source.startsWith('# --- '));
          expectText(fixedPath, fixedText, ruleId);
          // Whatever the rule still reports after fixing must be something it offers no safe fix for.
          const fixKind = applySuggestions ? () => true : (x: { kind: string }) => x.kind === 'fix';
          const after = lintFiles(fixed, entry, { only, settings }).filter((f) => f.ruleId === ruleId && f.fixes.some(fixKind));
          assert.deepEqual(after.map((f) => `${f.file}: ${f.message}`), [], 'the fixes must make the rule silent');
          const unfixable = findings.filter((f) => f.ruleId === ruleId && !f.fixes.some(fixKind)).length;
          assert.ok(unfixable < findings.filter((f) => f.ruleId === ruleId).length, 'a fixable rule fixes something in its invalid fixture');
          assert.equal(stripAnnotations(fixedText), fixedText, 'a .fixed file holds no annotations');
        }
      });
    }
  });
}

test('every rule has an invalid and a valid fixture, and a .fixed one when it is fixable', () => {
  const folders = new Map(ruleFolders().map((f) => [f.ruleId, f]));
  const problems: string[] = [];
  for (const rule of ALL_RULES) {
    const folder = folders.get(rule.id);
    if (!folder) {
      problems.push(`${rule.id}: no fixture folder`);
      continue;
    }
    for (const kind of ['invalid', 'valid']) {
      if (!existsSync(join(folder.dir, `${kind}.${folder.ext}`))) problems.push(`${rule.id}: no ${kind}.${folder.ext}`);
    }
    const hasFixed = existsSync(join(folder.dir, `invalid.${folder.ext}.fixed`));
    if (rule.meta.fixable && !hasFixed) problems.push(`${rule.id}: fixable but no invalid.${folder.ext}.fixed`);
    if (!rule.meta.fixable && hasFixed) problems.push(`${rule.id}: has a .fixed file but meta.fixable is not set`);
  }
  for (const id of folders.keys()) if (!ALL_RULES.some((r) => r.id === id)) problems.push(`${id}: fixture folder without a rule`);
  assert.deepEqual(problems, []);
});

test('rule ids are unique and messages use only placeholders the rule fills', () => {
  const ids = ALL_RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const rule of ALL_RULES) {
    assert.match(rule.id, /^(nginx|gunicorn|uwsgi|cross|wsconf)\/[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(rule.meta.description.endsWith('.'), `${rule.id}: description ends with a period`);
  }
});
