/**
 * No input may crash or hang the service: random and mutated configs go through the
 * parser and the whole lint; every finding's range must lie inside its file. Pathological
 * workspaces (include cycle, a glob over thousands of files, a binary file, a 50 MB file)
 * must each give a clear finding.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createLanguageService } from '../../server/src/service';
import { parseNginx } from '../../server/src/service/languages/nginx/parser';
import { createMemoryHost } from '../support/memory-host';
import { mutate } from '../support/mutate';

const SEED_CONFIG = `user www-data;
events { worker_connections 768; }
http {
    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
    upstream socketio_nodes { ip_hash; server 127.0.0.1:5000; server 127.0.0.1:5001; }
    log_format main '$remote_addr "$request" '
                    '$status';
    server {
        listen 80;
        server_name example.com;
        location ~* "\\.(png|jpg){1,2}$" { expires 30d; }
        location /socket.io/ {
            include proxy_params;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 300s;
            proxy_pass http://socketio_nodes;
        }
        location / { if ($http_upgrade = "websocket") { return 204; } try_files $uri =404; }
        content_by_lua_block { ngx.say("}") }
    }
}
`;

function lintText(text: string) {
  const path = '/w/nginx.conf';
  const service = createLanguageService({ host: createMemoryHost(new Map([[path, text]])) });
  return service.lint([path]).findings;
}

function checkRanges(text: string): void {
  const findings = lintText(text);
  for (const finding of findings) {
    assert.ok(finding.span.start >= 0 && finding.span.start <= finding.span.end && finding.span.end <= text.length, `${finding.ruleId} range ${finding.span.start}-${finding.span.end} outside 0-${text.length}`);
    for (const fix of finding.fixes) for (const edit of fix.edits) assert.ok(edit.start <= edit.end && edit.end <= text.length);
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 4 }) }),
  fc.record({ kind: fc.constant('punct' as const), at: fc.nat(), text: fc.constantFrom('{', '}', '"', "'", ';', '#', '\\', '$', '${', '\n') }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 20 }) }),
);

test('mutated configs never throw and every range lies inside the text', () => {
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
      checkRanges(mutate(SEED_CONFIG, mutations));
    }),
    { numRuns: 400 },
  );
});

test('random text never throws', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      checkRanges(text);
    }),
    { numRuns: 400 },
  );
});

test('random streams of nginx punctuation and words never throw', () => {
  const piece = fc.constantFrom('{', '}', ';', '"', "'", '#', '\n', ' ', 'server', 'location', '/x', 'proxy_pass', 'map', '$a', '${b}', 'content_by_lua_block', '--[[', ']]', 'include', 'x.conf', '\\');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 80 }), (pieces) => {
      checkRanges(pieces.join(''));
    }),
    { numRuns: 400 },
  );
});

test('an include cycle is reported and does not recurse', () => {
  const files = new Map([
    ['/w/nginx.conf', 'events {}\nhttp { include a.conf; }\n'],
    ['/w/a.conf', 'include b.conf;\n'],
    ['/w/b.conf', 'include a.conf;\n'],
  ]);
  const service = createLanguageService({ host: createMemoryHost(files) });
  const findings = service.lint(['/w/nginx.conf']).findings;
  const cycle = findings.find((f) => f.ruleId === 'nginx/include-cycle');
  assert.ok(cycle, JSON.stringify(findings));
  assert.match(cycle.message, /include itself/);
});

test('a glob over thousands of files is capped with a clear finding', () => {
  const files = new Map<string, string>([['/w/nginx.conf', 'events {}\nhttp { include conf.d/*.conf; }\n']]);
  for (let i = 0; i < 5000; i++) files.set(`/w/conf.d/site${String(i).padStart(5, '0')}.conf`, `server { listen ${10000 + i}; }\n`);
  const service = createLanguageService({ host: createMemoryHost(files), settings: { maxIncludedFiles: 1000 } });
  const findings = service.lint(['/w/nginx.conf']).findings;
  const limit = findings.find((f) => f.ruleId === 'nginx/analysis-limit');
  assert.ok(limit);
  assert.match(limit.message, /5000 files/);
});

test('a binary file gives one clear syntax finding', () => {
  const findings = lintText('\u007fELF\u0002\u0001\u0001\u0000\u0000\u0000garbage{{{');
  const syntax = findings.filter((f) => f.ruleId === 'nginx/syntax');
  assert.equal(syntax.length, 1);
  assert.match(syntax[0]!.message, /binary/);
});

test('a 50 MB file is not analysed and says why', () => {
  const big = 'server { listen 80; }\n'.repeat(2_300_000);
  assert.ok(big.length > 50_000_000);
  const findings = lintText(big);
  const limit = findings.find((f) => f.ruleId === 'nginx/analysis-limit');
  assert.ok(limit);
  assert.match(limit.message, /wsconf\.maxFileSize/);
});

test('deep nesting is analysed up to a limit without overflowing the stack', () => {
  const depth = 50_000;
  const text = 'location / {'.repeat(depth) + '}'.repeat(depth);
  assert.doesNotThrow(() => parseNginx(text));
  const findings = lintText(text);
  assert.ok(findings.some((f) => f.ruleId === 'nginx/analysis-limit'));
});

test('directive names that are Object.prototype members are ordinary unknown names', () => {
  const text = 'valueOf;\nconstructor x;\n__proto__ { toString y; }\nhasOwnProperty "z";\n';
  const findings = lintText(text);
  assert.deepEqual(
    findings.filter((f) => f.ruleId === 'nginx/unknown-directive').map((f) => text.slice(f.span.start, f.span.end)),
    ['valueOf', 'constructor', '__proto__', 'hasOwnProperty'],
  );
});
