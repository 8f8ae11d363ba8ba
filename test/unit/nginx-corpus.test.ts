/**
 * The real-nginx agreement corpus: test/fixtures/corpus/nginx/<case>/nginx.conf.
 *
 * (a) expectations.json says what nginx 1.22.1 does with each case (accept/reject and its
 *     message). When nginx is installed, every case is run through `nginx -t` again and must
 *     still match, so the expectations cannot drift from the real server. Without nginx this
 *     part FAILS with instructions (run scripts/ensure-system-deps.sh nginx) unless
 *     WSCONF_SKIP_REAL_SERVERS=1 is set.
 * (b) wsconf must agree with nginx: it "rejects" a case when linting it yields at least one
 *     error-level finding whose failure is 'startup' (nginx refuses the config), and "accepts" it otherwise.
 *
 * Regenerate the expectations with `node scripts/record-nginx-corpus.mjs` after adding a case.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../server/src/service/types';
import { NGINX_INSTALL_HINT, listCorpusCases, nginxBinary, nginxTest, nginxVersion } from '../support/real-nginx';

// build/test/unit -> repository root; the corpus is read from the source tree.
const repoRoot = path.resolve(__dirname, '../../..');
const corpusDir = path.join(repoRoot, 'test/fixtures/corpus/nginx');
const RECORDED_WITH = '1.22.1';

type Verdict = 'accept' | 'reject';
interface Expectation {
  /** What `nginx -t` (1.22.1) does; recorded by scripts/record-nginx-corpus.mjs. */
  readonly nginx: Verdict;
  /** nginx's normalised output (errors, or the warnings of an accepted config). */
  readonly message?: string;
  /** Hand-written: wsconf deliberately differs from nginx here, for `reason`. */
  readonly wsconf?: Verdict;
  readonly reason?: string;
}

const expectations = JSON.parse(fs.readFileSync(path.join(corpusDir, 'expectations.json'), 'utf8')) as Record<
  string,
  Expectation
>;
const cases = listCorpusCases(corpusDir);

describe('nginx corpus: layout', () => {
  test('has at least 30 cases, each with an expectation, and no stale expectations', () => {
    assert.ok(cases.length >= 30, `only ${cases.length} cases in ${corpusDir}`);
    const missing = cases.filter((c) => !(c in expectations));
    const stale = Object.keys(expectations).filter((c) => !cases.includes(c));
    assert.deepEqual(
      { missing, stale },
      { missing: [], stale: [] },
      'expectations.json is out of date: run `node scripts/record-nginx-corpus.mjs`',
    );
    for (const [name, e] of Object.entries(expectations)) {
      assert.ok(e.nginx === 'accept' || e.nginx === 'reject', `${name}: "nginx" must be "accept" or "reject"`);
      if (e.wsconf !== undefined) {
        assert.ok(e.wsconf === 'accept' || e.wsconf === 'reject', `${name}: "wsconf" must be "accept" or "reject"`);
        assert.ok(e.wsconf !== e.nginx, `${name}: "wsconf" repeats the nginx verdict; drop it`);
        assert.ok(e.reason && e.reason.trim() !== '', `${name}: a "wsconf" override needs a "reason"`);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------
// (a) the expectations still describe the real nginx
// ---------------------------------------------------------------------------------------
const skipReal = process.env['WSCONF_SKIP_REAL_SERVERS'] === '1';
const binary = skipReal ? undefined : nginxBinary();
const version = binary ? nginxVersion(binary) : undefined;
const versionNote =
  version && version !== RECORDED_WITH
    ? ` (note: ${binary} is nginx ${version}; expectations.json was recorded with ${RECORDED_WITH})`
    : '';

describe('nginx corpus: real nginx agrees with expectations.json', () => {
  test('real nginx is available', { skip: skipReal ? 'WSCONF_SKIP_REAL_SERVERS=1' : false }, () => {
    const fromEnv = process.env['WSCONF_NGINX'];
    assert.ok(binary, fromEnv ? `WSCONF_NGINX=${fromEnv} is not an executable file. ${NGINX_INSTALL_HINT}` : NGINX_INSTALL_HINT);
  });

  for (const name of cases) {
    const skip = skipReal
      ? 'WSCONF_SKIP_REAL_SERVERS=1'
      : !binary
        ? 'nginx is not installed (see the failing "real nginx is available" test)'
        : false;
    test(name, { skip }, () => {
      const expected = expectations[name];
      assert.ok(expected, `${name}: no entry in expectations.json (run node scripts/record-nginx-corpus.mjs)`);
      const r = nginxTest(path.join(corpusDir, name), { binary: binary as string });
      const actual: Expectation = { nginx: r.accepted ? 'accept' : 'reject', ...(r.output ? { message: r.output } : {}) };
      assert.deepEqual(
        actual,
        { nginx: expected.nginx, ...(expected.message !== undefined ? { message: expected.message } : {}) },
        `${name}: nginx -t now says ${actual.nginx}${r.output ? `: ${r.output}` : ''}; expectations.json says ` +
          `${expected.nginx}${expected.message ? `: ${expected.message}` : ''}${versionNote}. ` +
          (/dlopen\(\)/.test(r.output)
            ? 'A dynamic module is missing: run scripts/ensure-system-deps.sh nginx.'
            : 'If nginx is right, rerun node scripts/record-nginx-corpus.mjs.'),
      );
    });
  }
});

// ---------------------------------------------------------------------------------------
// (b) wsconf agrees with nginx
// ---------------------------------------------------------------------------------------
// The facade API (server/src/service/index.ts, server/src/lsp/node-host.ts):
//   createLanguageService({ host, settings }).lint([absPath]) -> { findings: Finding[] }
// It is loaded lazily with require() so that this file compiles, and part (a) runs, even
// while the service is still being written; once it exists these can become static imports.
interface LintResult {
  readonly findings: readonly Finding[];
}
interface CorpusLanguageService {
  lint(files: readonly string[]): LintResult | Promise<LintResult>;
}
interface ServiceModule {
  createLanguageService(options: {
    host: unknown;
    settings: { nginxVersion: string; nginxPrefix: string };
  }): CorpusLanguageService;
}
interface NodeHostModule {
  createNodeHost(): unknown;
}

let loaded: { service: CorpusLanguageService } | { error: string } | undefined;
function wsconf(): CorpusLanguageService {
  if (!loaded) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createLanguageService } = require('../../server/src/service') as ServiceModule;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createNodeHost } = require('../../server/src/lsp/node-host') as NodeHostModule;
      loaded = {
        service: createLanguageService({
          host: createNodeHost(),
          settings: { nginxVersion: '1.22.1', nginxPrefix: '/etc/nginx/' },
        }),
      };
    } catch (e) {
      loaded = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
  }
  if ('error' in loaded) assert.fail(`the wsconf language service cannot be loaded yet:\n${loaded.error}`);
  return loaded.service;
}

function lineOf(file: string, offset: number): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return '?';
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${line}:${column}`;
}

function describeFindings(findings: readonly Finding[], caseDir: string): string {
  if (findings.length === 0) return '  (no findings)';
  return findings
    .map((f) => {
      const rel = path.relative(caseDir, f.file) || f.file;
      return `  ${rel}:${lineOf(f.file, f.span.start)} ${f.severity} ${f.ruleId}: ${f.message}`;
    })
    .join('\n');
}

describe('nginx corpus: wsconf agrees with nginx', () => {
  for (const name of cases) {
    test(name, async () => {
      const expected = expectations[name];
      assert.ok(expected, `${name}: no entry in expectations.json`);
      const caseDir = path.join(corpusDir, name);
      const entry = path.join(caseDir, 'nginx.conf');
      const { findings } = await wsconf().lint([entry]);
      // Only errors that claim nginx refuses the configuration are compared with `nginx -t`;
      // runtime errors (a hang, a 400) are about configs nginx accepts.
      const errors = findings.filter((f) => f.severity === 'error' && f.failure === 'startup');
      const verdict: Verdict = errors.length > 0 ? 'reject' : 'accept';
      const wanted = expected.wsconf ?? expected.nginx;
      if (verdict !== wanted) {
        const why = expected.wsconf !== undefined ? ` (expectations.json overrides it: wsconf should ${wanted}: ${expected.reason})` : '';
        assert.fail(
          `${name}: nginx ${expected.nginx}s this config${expected.message ? ` (${expected.message})` : ''}${why}, ` +
            `but wsconf ${verdict}s it. wsconf's findings:\n${describeFindings(findings, caseDir)}`,
        );
      }
    });
  }
});
