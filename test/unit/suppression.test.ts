/** Suppression comments: next-line and file scope, a reason after `--`, several ids, other rules untouched. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintFiles } from '../support/lint-fixture';

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
