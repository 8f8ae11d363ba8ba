/**
 * Rule behaviour that a fixture folder cannot show: it depends on settings (the target nginx
 * version), on the file being a fragment, or the findings have no safe fix (a fixture's
 * invalid file must be silent once fixed).
 */
import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import type { Settings } from '../../server/src/service/settings';
import type { Finding } from '../../server/src/service/types';
import { applyEdits } from '../../server/src/service/text/apply-edits';
import { lintFiles } from '../support/lint-fixture';

function lint(ruleId: string, files: Record<string, string>, settings: Partial<Settings> = {}): Finding[] {
  const map = new Map(Object.entries(files));
  return lintFiles(map, Object.keys(files)[0]!, { only: [ruleId], settings }).filter((f) => f.ruleId === ruleId);
}

function fixed(text: string, finding: Finding, kind: 'fix' | 'suggestion'): string {
  const fix = finding.fixes.find((f) => f.kind === kind);
  assert.ok(fix, `no ${kind}`);
  return applyEdits(text, fix.edits).text;
}

suite('nginx/ws-http-version and the target version', () => {
  const ID = 'nginx/ws-http-version';
  const unset = { '/etc/nginx/nginx.conf': 'http { server { location /socket.io/ { proxy_pass http://127.0.0.1:5000; } } }\n' };
  const explicit = (v: string, path = '/socket.io/') => ({
    '/etc/nginx/nginx.conf': `http { server { location ${path} { proxy_http_version ${v}; proxy_pass http://127.0.0.1:5000; } } }\n`,
  });

  test('unset: a warning while the version is unknown or older than 1.29.7, nothing from 1.29.7', () => {
    const unknown = lint(ID, unset);
    assert.deepEqual(unknown.map((f) => f.severity), ['warning']);
    assert.match(unknown[0]!.message, /nginx before 1\.29\.7 proxies/);
    const old = lint(ID, unset, { nginxVersion: '1.22.1' });
    assert.match(old[0]!.message, /nginx 1\.22\.1 proxies/);
    assert.deepEqual(lint(ID, unset, { nginxVersion: '1.29.7' }), []);
    assert.deepEqual(lint(ID, unset, { nginxVersion: '1.30.0' }), []);
  });

  test('an explicit 1.0 is a warning on every version', () => {
    assert.deepEqual(lint(ID, explicit('1.0'), { nginxVersion: '1.29.7' }).map((f) => f.severity), ['warning']);
  });

  test('2 is an error; from 1.29.4 only a warning where the WebSocket guess is weak', () => {
    assert.deepEqual(lint(ID, explicit('2')).map((f) => f.severity), ['error']);
    assert.deepEqual(lint(ID, explicit('2'), { nginxVersion: '1.29.4' }).map((f) => f.severity), ['error']);
    assert.deepEqual(lint(ID, explicit('2', '/live/'), { nginxVersion: '1.29.4' }).map((f) => f.severity), ['warning']);
    assert.deepEqual(lint(ID, explicit('2', '/live/'), { nginxVersion: '1.22.1' }).map((f) => f.severity), ['error']);
  });
});

suite('nginx/connection-upgrade-variable-undefined beyond the fixture', () => {
  const ID = 'nginx/connection-upgrade-variable-undefined';
  const location = 'location /ws/ { proxy_set_header Connection $connection_upgrade; proxy_pass http://127.0.0.1:8000; }';

  test('an http fragment: a warning, and the map goes at the top of the file', () => {
    const text = `# App site.\nserver {\n    listen 80;\n    ${location}\n}\n`;
    const findings = lint(ID, { '/etc/nginx/sites-available/app.conf': text });
    assert.deepEqual(findings.map((f) => f.severity), ['warning']);
    assert.match(findings[0]!.message, /defined nowhere in this workspace/);
    assert.equal(
      fixed(text, findings[0]!, 'fix'),
      `# App site.\nmap $http_upgrade $connection_upgrade {\n    default upgrade;\n    ''      close;\n}\n\nserver {\n    listen 80;\n    ${location}\n}\n`,
    );
  });

  test('a server fragment: a warning with no place for the map, only the "upgrade" suggestion', () => {
    const text = `${location}\n`;
    const findings = lint(ID, { '/etc/nginx/snippets/ws.conf': text });
    assert.deepEqual(findings.map((f) => f.severity), ['warning']);
    assert.equal(findings[0]!.fixes.find((f) => f.kind === 'fix'), undefined);
    assert.match(fixed(text, findings[0]!, 'suggestion'), /proxy_set_header Connection "upgrade";/);
  });

  test('other undefined variables: an error, with "did you mean" for a typo', () => {
    const text = 'http { server { location / { add_header X-A "$remote_adr"; return 200 "$unheard_of $0"; } } }\n';
    const findings = lint(ID, { '/etc/nginx/nginx.conf': text });
    assert.deepEqual(
      findings.map((f) => [f.severity, text.slice(f.span.start, f.span.end)]),
      [['error', '$remote_adr'], ['error', '$unheard_of'], ['error', '$0']],
    );
    assert.match(findings[0]!.message, /Did you mean `\$remote_addr`\?/);
    assert.match(findings[1]!.message, /unknown "unheard_of" variable/);
    assert.match(fixed(text, findings[0]!, 'suggestion'), /"\$remote_addr"/);
  });

  test('an unrecognised module may define variables: only $connection_upgrade is still checked', () => {
    const text = `http { server { mystery_module_set $thing; add_header X-A "$other_thing"; ${location} } }\n`;
    const findings = lint(ID, { '/etc/nginx/nginx.conf': text });
    assert.deepEqual(findings.map((f) => text.slice(f.span.start, f.span.end)), ['$connection_upgrade']);
  });

  test('envsubst placeholders in a .conf.template are not nginx variables', () => {
    const text = 'server { listen ${NGINX_PORT}; location / { proxy_pass http://${BACKEND_HOST}:$BACKEND_PORT; add_header X-A $nope; } }\n';
    const findings = lint(ID, { '/etc/nginx/templates/default.conf.template': text });
    assert.deepEqual(findings.map((f) => text.slice(f.span.start, f.span.end)), ['$nope']);
  });

  test('variables of a map in an http fragment, of set and of captures are known', () => {
    const text = [
      'map $http_upgrade $connection_upgrade { default upgrade; \'\' close; }',
      'server {',
      '    location ~ ^/u/(?<user>[^/]+)/(.*)$ {',
      '        set $target "$user-$2";',
      '        proxy_set_header Connection $connection_upgrade;',
      '        proxy_set_header X-Target ${target}x;',
      '        proxy_pass http://127.0.0.1:8000/$1;',
      '    }',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(lint(ID, { '/etc/nginx/sites-available/app.conf': text }), []);
  });
});

suite('nginx/unknown-directive and the release that added a directive', () => {
  const ID = 'nginx/unknown-directive';
  const newer = {
    '/etc/nginx/nginx.conf': `load_module modules/ngx_stream_module.so;
events {}
http {
    keepalive_min_timeout 5s;
    server {
        listen 443 ssl;
        http3 on;
        quic_retry on;
        early_hints $http2;
        proxy_socket_sndbuf 64k;
        location /t/ {
            tunnel_pass;
        }
    }
}
stream {
    server {
        listen 6000;
        set $backend 127.0.0.1:6379;
        pass 127.0.0.1:6001;
    }
}
`,
  };

  test('an unknown target version never makes a real directive unknown', () => {
    assert.deepEqual(lint(ID, newer), []);
  });

  test('on nginx 1.22.1 each newer directive is reported with the release that added it', () => {
    const found = lint(ID, newer, { nginxVersion: '1.22.1' });
    const sinceOf = (name: string) => found.find((f) => f.message.startsWith(`unknown directive "${name}"`))?.message.match(/added in nginx ([\d.]+)/)?.[1];
    assert.deepEqual(
      ['keepalive_min_timeout', 'http3', 'quic_retry', 'early_hints', 'proxy_socket_sndbuf', 'tunnel_pass', 'pass', 'set'].map(sinceOf),
      ['1.27.4', '1.25.0', '1.25.0', '1.29.0', '1.31.3', '1.31.0', '1.25.5', undefined],
    );
    assert.equal(found.length, 7);
  });

  test('on a release that has them, nothing is reported', () => {
    assert.deepEqual(lint(ID, newer, { nginxVersion: '1.31.6' }), []);
    assert.deepEqual(
      lint(ID, newer, { nginxVersion: '1.27.4' }).map((f) => /"(\w+)"/.exec(f.message)?.[1]).sort(),
      ['early_hints', 'proxy_socket_sndbuf', 'tunnel_pass'],
    );
  });
});
