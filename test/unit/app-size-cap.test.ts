/**
 * Python configs have their own size cap (PYTHON_MAX_SIZE, below wsconf.maxFileSize): the Python
 * parser slows down badly on text that is not Python, so an oversized gunicorn.conf.py gets one
 * clear finding and is never parsed (no outline, no hover, no cross-file link).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLanguageService } from '../../server/src/service';
import { PYTHON_MAX_SIZE } from '../../server/src/service/lint/app-config-lint';
import { createMemoryHost } from '../support/memory-host';

const LINE = 'workers = 4\n';
const big = LINE.repeat(Math.ceil((PYTHON_MAX_SIZE + 1) / LINE.length));
const small = LINE.repeat(10);

function service(files: Record<string, string>, settings = {}) {
  return createLanguageService({ host: createMemoryHost(new Map(Object.entries(files))), settings });
}

test('the cap is well below the general file size limit and far above real gunicorn configs', () => {
  assert.ok(PYTHON_MAX_SIZE <= 1_000_000 && PYTHON_MAX_SIZE >= 64 * 1024);
});

test('an oversized gunicorn.conf.py gets one warning naming the cap, and is not parsed', () => {
  const s = service({ '/w/gunicorn.conf.py': big });
  const findings = s.lint(['/w/gunicorn.conf.py']).findings;
  assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.severity}`), ['gunicorn/syntax warning']);
  assert.match(findings[0]!.message, new RegExp(`${big.length} characters long; wsconf reads gunicorn configs of up to ${PYTHON_MAX_SIZE} characters`));
  assert.deepEqual(s.symbols('/w/gunicorn.conf.py'), []);
  assert.equal(s.hover('/w/gunicorn.conf.py', 2), undefined);
});

test('the same settings in a small file are analysed', () => {
  const s = service({ '/w/gunicorn.conf.py': small });
  assert.ok(!s.lint(['/w/gunicorn.conf.py']).findings.some((f) => f.ruleId === 'gunicorn/syntax'));
  assert.ok(s.symbols('/w/gunicorn.conf.py').length > 0);
});

test('an oversized gunicorn config is left out of the deployment: nginx gets no cross-file finding from it', () => {
  const nginx = 'events {}\nhttp { server { listen 80; location / { proxy_pass http://127.0.0.1:5000; } } }\n';
  const withBig = service({ '/w/nginx.conf': nginx, '/w/gunicorn.conf.py': `bind = "127.0.0.1:6000"\n${big}` });
  assert.deepEqual(withBig.workspace(['/w/nginx.conf', '/w/gunicorn.conf.py']).apps, []);
  const withSmall = service({ '/w/nginx.conf': nginx, '/w/gunicorn.conf.py': `bind = "127.0.0.1:6000"\n${small}` });
  assert.equal(withSmall.workspace(['/w/nginx.conf', '/w/gunicorn.conf.py']).apps.length, 1);
});

test('a smaller wsconf.maxFileSize still wins, with its own message; uwsgi.ini is not capped by the Python limit', () => {
  const s = service({ '/w/gunicorn.conf.py': small }, { maxFileSize: 20 });
  assert.match(s.lint(['/w/gunicorn.conf.py']).findings[0]!.message, /setting wsconf\.maxFileSize/);
  const ini = `[uwsgi]\n${'master = true\n'.repeat(Math.ceil(PYTHON_MAX_SIZE / 14) + 10)}`;
  const u = service({ '/w/uwsgi.ini': ini });
  assert.ok(!u.lint(['/w/uwsgi.ini']).findings.some((f) => f.ruleId === 'uwsgi/syntax' && /characters long/.test(f.message)));
});
