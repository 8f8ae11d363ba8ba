/** Suppression comments: next-line and file scope, a reason after `--`, several ids, other rules untouched. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { test } from 'node:test';
import { fixFiles, lintFiles, type FixtureLintOptions } from '../support/lint-fixture';

const BASE = `http {
    server {
        listen 80;
        location /socket.io/ {
            proxy_set_header Connection "upgrade";
            {{comment}}
            proxy_pass http://127.0.0.1:5000;
        }
    }
}
`;

function rules(text: string): string[] {
  return lintFiles(new Map([['/w/nginx.conf', text]]), '/w/nginx.conf').map((f) => f.ruleId).sort();
}

test('without a comment the location is flagged', () => {
  assert.ok(rules(BASE.replace('{{comment}}', '')).includes('nginx/ws-missing-upgrade-header'));
});

test('wsconf-disable-next-line silences that rule on the next line only', () => {
  const found = rules(BASE.replace('{{comment}}', '# wsconf-disable-next-line nginx/ws-missing-upgrade-header -- the app only polls'));
  assert.ok(!found.includes('nginx/ws-missing-upgrade-header'));
  assert.ok(found.includes('nginx/ws-http-version'), 'other rules on that line still report');
});

test('several ids, separated by commas or spaces', () => {
  const found = rules(BASE.replace('{{comment}}', '# wsconf-disable-next-line nginx/ws-missing-upgrade-header, nginx/ws-http-version'));
  assert.ok(!found.includes('nginx/ws-missing-upgrade-header') && !found.includes('nginx/ws-http-version'));
});

test('a comment on another line does not silence', () => {
  const text = BASE.replace('{{comment}}', '').replace('listen 80;', 'listen 80;\n        # wsconf-disable-next-line nginx/ws-missing-upgrade-header');
  assert.ok(rules(text).includes('nginx/ws-missing-upgrade-header'));
});

test('wsconf-disable-file silences a rule in the whole file; without an id, every rule', () => {
  const one = rules(`# wsconf-disable-file nginx/ws-missing-upgrade-header\n${BASE.replace('{{comment}}', '')}`);
  assert.ok(!one.includes('nginx/ws-missing-upgrade-header'));
  assert.ok(one.includes('nginx/ws-http-version'));
  assert.deepEqual(rules(`# wsconf-disable-file\n${BASE.replace('{{comment}}', '')}`), []);
});

// ---- wsconf/unused-disable --------------------------------------------------------------------

const UNUSED = 'wsconf/unused-disable';
const CLEAN_SITE = `events {}
http {
    server {
        listen 80;
        {{comment}}
        root /srv/www;
    }
}
`;

function unused(files: ReadonlyMap<string, string>, entry: string | readonly string[], options: FixtureLintOptions = {}) {
  return lintFiles(files, entry, options).filter((f) => f.ruleId === UNUSED);
}

function site(comment: string): Map<string, string> {
  return new Map([['/w/nginx.conf', CLEAN_SITE.replace('{{comment}}', comment)]]);
}

test('unused-disable: a comment that silences nothing is reported on the comment, with a safe fix deleting its line', () => {
  const files = site('# wsconf-disable-next-line nginx/unknown-directive -- legacy');
  const [finding, ...rest] = unused(files, '/w/nginx.conf');
  assert.equal(rest.length, 0);
  const text = files.get('/w/nginx.conf')!;
  assert.equal(text.slice(finding!.span.start, finding!.span.end), '# wsconf-disable-next-line nginx/unknown-directive -- legacy');
  assert.equal(finding!.severity, 'warning');
  assert.deepEqual(finding!.tags, ['unnecessary']);
  assert.equal(finding!.fixes[0]?.kind, 'fix');
  assert.equal(fixFiles(files, '/w/nginx.conf').get('/w/nginx.conf'), CLEAN_SITE.replace('        {{comment}}\n', ''));
});

test('unused-disable: the same comment above a line it silences is not reported', () => {
  const files = new Map([['/w/nginx.conf', CLEAN_SITE.replace('{{comment}}', '# wsconf-disable-next-line nginx/unknown-directive').replace('root /srv/www;', 'rooot /srv/www;')]]);
  assert.deepEqual(unused(files, '/w/nginx.conf'), []);
  assert.ok(!lintFiles(files, '/w/nginx.conf').some((f) => f.ruleId === 'nginx/unknown-directive'));
});

test('unused-disable: a trailing comment is removed without its line; CRLF lines keep their neighbours intact', () => {
  const trailing = new Map([['/w/nginx.conf', 'events {}\nhttp {\n    server { listen 80; } # wsconf-disable-file nginx/ws-read-timeout\n}\n']]);
  assert.equal(fixFiles(trailing, '/w/nginx.conf').get('/w/nginx.conf'), 'events {}\nhttp {\n    server { listen 80; }\n}\n');
  const crlf = new Map([['/w/nginx.conf', 'events {}\r\n# wsconf-disable-next-line nginx/ws-read-timeout\r\nhttp {\r\n}\r\n']]);
  assert.equal(fixFiles(crlf, '/w/nginx.conf').get('/w/nginx.conf'), 'events {}\r\nhttp {\r\n}\r\n');
});

test('unused-disable: only the id that silenced nothing is removed; a typo gets a suggestion, not a fix', () => {
  const text = CLEAN_SITE.replace('{{comment}}', '# wsconf-disable-next-line nginx/ws-read-timeout, nginx/unknown-directive, nginx/unknwon-directive -- why').replace(
    'root /srv/www;',
    'rooot /srv/www;',
  );
  const files = new Map([['/w/nginx.conf', text]]);
  const found = unused(files, '/w/nginx.conf');
  assert.deepEqual(found.map((f) => text.slice(f.span.start, f.span.end)).sort(), ['nginx/unknwon-directive', 'nginx/ws-read-timeout']);
  const typo = found.find((f) => f.message.includes('unknwon'))!;
  assert.match(typo.message, /not a wsconf rule id.*Did you mean `nginx\/unknown-directive`/);
  assert.deepEqual(typo.fixes.map((f) => f.kind), ['suggestion', 'suggestion']);
  assert.match(fixFiles(files, '/w/nginx.conf').get('/w/nginx.conf')!, /# wsconf-disable-next-line nginx\/unknown-directive, nginx\/unknwon-directive -- why\n/);
});

test('unused-disable: a comment without ids is judged against every rule', () => {
  assert.equal(unused(site('# wsconf-disable-next-line'), '/w/nginx.conf').length, 1);
  assert.equal(unused(new Map([['/w/nginx.conf', `# wsconf-disable-file\n${BASE.replace('{{comment}}', '')}`]]), '/w/nginx.conf').length, 0);
});

test('unused-disable: ids of rules turned off, and cross-file ids without app configs, are not judged', () => {
  assert.equal(unused(site('# wsconf-disable-next-line nginx/unknown-directive'), '/w/nginx.conf', { settings: { rules: { 'nginx/unknown-directive': { level: 'off' } } } }).length, 0);
  assert.equal(unused(site('# wsconf-disable-next-line cross/upstream-unreachable'), '/w/nginx.conf').length, 0);
  // With a gunicorn config in the run the cross-file rules ran, so the comment is judged.
  const withApp = site('# wsconf-disable-next-line cross/upstream-unreachable');
  withApp.set('/w/gunicorn.conf.py', 'bind = "127.0.0.1:8000"\nworker_class = "eventlet"\n');
  assert.equal(unused(withApp, ['/w/nginx.conf', '/w/gunicorn.conf.py']).length, 1);
});

test('unused-disable: off in the settings, or named in a wsconf-disable-file comment, keeps quiet', () => {
  const files = site('# wsconf-disable-next-line nginx/unknown-directive');
  assert.equal(unused(files, '/w/nginx.conf', { settings: { rules: { [UNUSED]: { level: 'off' } } } }).length, 0);
  assert.equal(unused(files, '/w/nginx.conf', { settings: { rules: { [UNUSED]: { level: 'info' } } } })[0]?.severity, 'info');
  const kept = new Map([['/w/nginx.conf', `# wsconf-disable-file wsconf/unused-disable\n${files.get('/w/nginx.conf')}`]]);
  assert.equal(unused(kept, '/w/nginx.conf').length, 0);
});

test('unused-disable: gunicorn.conf.py and uwsgi.ini comments are judged too', () => {
  const files = new Map([
    ['/w/gunicorn.conf.py', '# wsconf-disable-next-line gunicorn/unknown-setting\nworkers = 1\n'],
    ['/w/uwsgi.ini', '[uwsgi]\n# wsconf-disable-next-line uwsgi/unknown-option\nmaster = true\n'],
  ]);
  const found = unused(files, ['/w/gunicorn.conf.py', '/w/uwsgi.ini']);
  assert.deepEqual(found.map((f) => f.file).sort(), ['/w/gunicorn.conf.py', '/w/uwsgi.ini']);
  const fixed = fixFiles(files, ['/w/gunicorn.conf.py', '/w/uwsgi.ini']);
  assert.equal(fixed.get('/w/gunicorn.conf.py'), 'workers = 1\n');
  assert.equal(fixed.get('/w/uwsgi.ini'), '[uwsgi]\nmaster = true\n');
});

test('unused-disable: with `only`, it runs every rule when asked for and stays out otherwise', () => {
  const files = site('# wsconf-disable-next-line nginx/unknown-directive');
  assert.deepEqual(lintFiles(files, '/w/nginx.conf', { only: [UNUSED] }).map((f) => f.ruleId), [UNUSED]);
  assert.deepEqual(lintFiles(files, '/w/nginx.conf', { only: ['nginx/unknown-directive'] }), []);
});

test('unused-disable: any comment text, in any of the three languages, gives findings inside the text and fixes that apply', () => {
  const id = fc.constantFrom('nginx/unknown-directive', 'nginx/ws-read-timeout', 'gunicorn/unknown-setting', 'uwsgi/unknown-option', 'wsconf/unused-disable', 'nginx/unknwon', 'x', '');
  const separator = fc.constantFrom(' ', ',', ', ', ' -- ', '--', '\t');
  const body = fc.array(fc.tuple(id, separator), { maxLength: 5 }).map((parts) => parts.map(([i, s]) => i + s).join(''));
  const comment = fc.tuple(fc.constantFrom('next-line', 'file'), body).map(([kind, rest]) => `# wsconf-disable-${kind} ${rest}`);
  fc.assert(
    fc.property(fc.array(comment, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\r\n'), (comments, eol) => {
      const files = new Map([
        ['/w/nginx.conf', [...comments, 'events {}', 'http { server { listen 80; rooot /x; } }', ''].join(eol)],
        ['/w/gunicorn.conf.py', [...comments, 'workers = 1', ''].join(eol)],
        ['/w/uwsgi.ini', ['[uwsgi]', ...comments, 'master = true', ''].join(eol)],
      ]);
      const entries = [...files.keys()];
      for (const finding of unused(files, entries)) {
        const text = files.get(finding.file)!;
        assert.ok(finding.span.start >= 0 && finding.span.end <= text.length && finding.span.start <= finding.span.end);
        for (const fix of finding.fixes) for (const edit of fix.edits) assert.ok(edit.start >= 0 && edit.end <= text.length && edit.start <= edit.end);
      }
      // Applying the safe fixes never leaves a comment without ids where one had ids.
      for (const [path, text] of fixFiles(files, entries)) {
        const before = (files.get(path)!.match(/# wsconf-disable-(next-line|file)[ \t]*(\r?\n|$)/g) ?? []).length;
        const after = (text.match(/# wsconf-disable-(next-line|file)[ \t]*(\r?\n|$)/g) ?? []).length;
        assert.ok(after <= before, `${path}: a fix emptied a comment:\n${text}`);
      }
    }),
    { numRuns: 60 },
  );
});
