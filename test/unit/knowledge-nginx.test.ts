/**
 * The nginx knowledge base against facts checked with `nginx -t` on Debian's nginx 1.22.1
 * (contexts, argument counts) and against the official docs data it is generated from.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { didYouMean, editDistance } from '../../server/src/service/knowledge/did-you-mean';
import {
  DIRECTIVES,
  NOTES,
  VARIABLE_NOTES,
  allDirectiveNames,
  argCountAllowed,
  directiveDescription,
  directiveValues,
  directivesForContext,
  docsUrl,
  formsIn,
  isAllowedIn,
  isBuiltinVariable,
  isKnownThirdParty,
  lookupDirective,
  lookupVariable,
  thirdPartyModule,
  variableDescription,
  type DirectiveSpec,
  type NginxContext,
} from '../../server/src/service/knowledge/nginx';

function spec(name: string): DirectiveSpec {
  const s = lookupDirective(name);
  assert.ok(s, `${name} should be known`);
  return s;
}

/** Which argument counts from 0 to 9 are accepted in `context`. */
function counts(name: string, context: NginxContext): number[] {
  const s = spec(name);
  return [...Array(10).keys()].filter((n) => argCountAllowed(s, n, context));
}

test('proxy_pass: location, if in location and limit_except, not server', () => {
  const s = spec('proxy_pass');
  assert.equal(isAllowedIn(s, 'location'), true);
  assert.equal(isAllowedIn(s, 'if-in-location'), true);
  assert.equal(isAllowedIn(s, 'limit_except'), true);
  assert.equal(isAllowedIn(s, 'server'), false);
  assert.equal(isAllowedIn(s, 'if-in-server'), false);
  assert.equal(isAllowedIn(s, 'http'), false);
  // The stream module's proxy_pass lives in stream server blocks.
  assert.equal(isAllowedIn(s, 'stream-server'), true);
  assert.deepEqual(formsIn(s, 'stream-server').map((f) => f.module), ['ngx_stream_proxy_module']);
});

test('map only in http and stream, and it is a block', () => {
  const s = spec('map');
  const allowed = (['main', 'http', 'server', 'location', 'if-in-location', 'stream', 'stream-server'] as const).filter((c) =>
    isAllowedIn(s, c),
  );
  assert.deepEqual(allowed, ['http', 'stream']);
  assert.ok(s.forms.every((f) => f.block));
  assert.deepEqual(counts('map', 'http'), [2]);
});

test('server: a block in http, an address line in upstream', () => {
  const s = spec('server');
  const [http] = formsIn(s, 'http');
  const [up] = formsIn(s, 'upstream');
  assert.equal(http?.module, 'ngx_http_core_module');
  assert.equal(http?.block, true);
  assert.equal(up?.module, 'ngx_http_upstream_module');
  assert.equal(up?.block, false);
  assert.deepEqual(counts('server', 'http'), [0]);
  // address plus any number of parameters (NGX_CONF_1MORE)
  assert.deepEqual(counts('server', 'upstream'), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(formsIn(s, 'stream-upstream').map((f) => f.module), ['ngx_stream_upstream_module']);
  assert.deepEqual(formsIn(s, 'mail').map((f) => f.module), ['ngx_mail_core_module']);
  assert.equal(isAllowedIn(s, 'location'), false);
});

test('argument counts match nginx -t', () => {
  assert.deepEqual(counts('proxy_pass', 'location'), [1]);
  assert.deepEqual(counts('proxy_set_header', 'location'), [2]);
  assert.deepEqual(counts('ip_hash', 'upstream'), [0]);
  assert.deepEqual(counts('listen', 'server'), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(counts('proxy_buffering', 'location'), [1]);
  assert.equal(formsIn(spec('proxy_buffering'), 'location')[0]?.args.kind, 'flag');
  // `keepalive 32 local` is 1.29.7+; 1.22 takes one argument. The table keeps the union.
  assert.deepEqual(counts('keepalive', 'upstream'), [1, 2]);
  assert.deepEqual(counts('include', 'location'), [1]);
  assert.deepEqual(counts('return', 'location'), [1, 2]);
  assert.deepEqual(counts('add_header', 'location'), [2, 3]);
  assert.deepEqual(counts('location', 'server'), [1, 2]);
  assert.deepEqual(counts('if', 'location'), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(counts('error_page', 'location'), [2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(counts('hash', 'upstream'), [1, 2]);
  assert.deepEqual(counts('random', 'upstream'), [0, 1, 2]);
  assert.deepEqual(counts('ssl_protocols', 'server'), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(counts('stub_status', 'location'), [0, 1]);
  assert.deepEqual(counts('proxy_redirect', 'location'), [1, 2]);
});

test('worker_connections only in events; include anywhere', () => {
  const s = spec('worker_connections');
  assert.deepEqual(
    DIRECTIVES.length > 0 && (['main', 'events', 'http', 'server', 'location', 'upstream'] as const).filter((c) => isAllowedIn(s, c)),
    ['events'],
  );
  const inc = spec('include');
  for (const c of ['main', 'events', 'http', 'server', 'location', 'upstream', 'if-in-location', 'stream-server', 'mail'] as const) {
    assert.equal(isAllowedIn(inc, c), true, `include in ${c}`);
  }
});

test('rewrite directives documented for "if" work in if of both server and location', () => {
  for (const name of ['return', 'rewrite', 'set', 'break']) {
    assert.equal(isAllowedIn(spec(name), 'if-in-server'), true, name);
    assert.equal(isAllowedIn(spec(name), 'if-in-location'), true, name);
  }
  // "if in location" only: add_header is not allowed in an if at server level (nginx -t agrees).
  assert.equal(isAllowedIn(spec('add_header'), 'if-in-location'), true);
  assert.equal(isAllowedIn(spec('add_header'), 'if-in-server'), false);
});

test('map and upstream are blocks; proxy_pass is not', () => {
  assert.ok(spec('map').forms.every((f) => f.block));
  assert.ok(formsIn(spec('upstream'), 'http').every((f) => f.block));
  assert.deepEqual(counts('upstream', 'http'), [1]);
  assert.ok(spec('proxy_pass').forms.every((f) => !f.block));
});

test('syntax, defaults and links', () => {
  const [form] = formsIn(spec('proxy_read_timeout'), 'location');
  assert.deepEqual(form?.syntax, ['proxy_read_timeout time;']);
  assert.equal(form?.default, '60s');
  assert.equal(form?.url, 'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout');
  assert.deepEqual(spec('location').forms[0]?.syntax, ['location [ = | ~ | ~* | ^~ ] uri { ... }', 'location @name { ... }']);
  assert.equal(docsUrl('worker_connections'), 'https://nginx.org/en/docs/ngx_core_module.html#worker_connections');
  assert.equal(docsUrl('proxy_pass', 'ngx_stream_proxy_module'), 'https://nginx.org/en/docs/stream/ngx_stream_proxy_module.html#proxy_pass');
  assert.equal(docsUrl('no_such_directive'), undefined);
});

test('directives the docs lack but Debian builds and the old ssl directive are known', () => {
  for (const name of ['ssl', 'http2', 'sticky', 'post_action', 'uwsgi_string', 'gzip_window']) spec(name);
  assert.equal(lookupDirective('content_by_lua_block'), undefined);
  assert.equal(lookupDirective('Proxy_pass'), undefined, 'names are case-sensitive');
  assert.ok(allDirectiveNames().length > 800);
});

test('third-party directives', () => {
  for (const name of ['content_by_lua_block', 'access_by_lua_file', 'init_worker_by_lua', 'lua_shared_dict', 'more_set_headers', 'brotli', 'brotli_types', 'geoip2', 'vhost_traffic_status_zone', 'echo', 'js_import']) {
    assert.equal(isKnownThirdParty(name), true, name);
  }
  assert.equal(thirdPartyModule('more_clear_headers')?.module, 'headers-more-nginx-module');
  assert.equal(thirdPartyModule('ssl_certificate_by_lua_block')?.module, 'lua-nginx-module');
  for (const name of ['proxy_pas', 'set_real_ip_from', 'ssl', 'server']) assert.equal(isKnownThirdParty(name), false, name);
  // No official directive is mistaken for a third-party one (njs is both documented and prefixed).
  const clash = allDirectiveNames().filter((n) => isKnownThirdParty(n) && !n.startsWith('js_'));
  assert.deepEqual(clash, []);
});

test('completion lists and enumerated values', () => {
  const inUpstream = directivesForContext('upstream').map((d) => d.name);
  for (const n of ['server', 'ip_hash', 'hash', 'keepalive', 'least_conn']) assert.ok(inUpstream.includes(n), n);
  assert.ok(!inUpstream.includes('proxy_pass'));
  assert.deepEqual(directiveValues('proxy_http_version'), ['1.0', '1.1', '2']);
  assert.deepEqual(directiveValues('proxy_buffering'), ['on', 'off']);
  assert.deepEqual(directiveValues('gzip_static'), ['on', 'off', 'always']);
  assert.deepEqual(directiveValues('worker_processes'), ['auto']);
  assert.equal(directiveValues('proxy_pass'), undefined);
});

test('did-you-mean', () => {
  assert.equal(didYouMean('proxy_pas', allDirectiveNames())[0], 'proxy_pass');
  assert.equal(didYouMean('proxy_psas', allDirectiveNames())[0], 'proxy_pass');
  assert.equal(didYouMean('Proxy_Pass', allDirectiveNames())[0], 'proxy_pass');
  assert.deepEqual(didYouMean('zzzzzzzzzz', allDirectiveNames()), []);
  assert.equal(editDistance('ab', 'ba'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('kitten', 'sitting', 1), 2, 'gives up past the limit');
});

test('variables: built-ins, families, captures, and the map-defined connection_upgrade', () => {
  for (const name of ['host', 'http_upgrade', 'arg_x', 'cookie_session', 'sent_http_content_type', 'upstream_http_x_accel', 'remote_addr', 'scheme', 'proxy_add_x_forwarded_for', 'request_port', 'realip_remote_addr', 'tcpinfo_rtt', '1']) {
    assert.equal(isBuiltinVariable(name), true, name);
  }
  assert.equal(isBuiltinVariable('connection_upgrade'), false);
  assert.equal(isBuiltinVariable('http_'), false, 'a family prefix alone is no variable');
  assert.equal(lookupVariable('upstream_http_server')?.name, 'upstream_http_');
  assert.equal(lookupVariable('http_upgrade')?.url, 'https://nginx.org/en/docs/http/ngx_http_core_module.html#var_http_');
  assert.equal(lookupVariable('host')?.module, 'ngx_http_core_module');
  assert.equal(VARIABLE_NOTES['connection_upgrade']?.builtin, false);
});

test('descriptions load lazily from the reference data', () => {
  const md = directiveDescription('proxy_pass', 'ngx_http_proxy_module');
  assert.ok(md && md.length > 200 && md.includes('URI'), 'proxy_pass has a Markdown description');
  assert.ok(directiveDescription('worker_connections', 'ngx_core_module'));
  assert.equal(directiveDescription('no_such_directive', 'ngx_http_core_module'), undefined);
  assert.ok(variableDescription('http_upgrade')?.includes('header'));
  assert.ok(variableDescription('host'));
});

test('every note belongs to a known directive and notes stay short', () => {
  for (const [name, note] of Object.entries(NOTES)) {
    spec(name);
    assert.ok(note.summary.length > 0 && note.summary.length < 200, name);
  }
  for (const name of Object.keys(VARIABLE_NOTES)) {
    if (name !== 'connection_upgrade') assert.ok(lookupVariable(name), name);
  }
});
