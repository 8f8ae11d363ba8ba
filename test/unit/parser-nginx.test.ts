/**
 * The nginx tokenizer cases that other parsers get wrong, each checked against what
 * nginx's own ngx_conf_read_token does.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Directive, NginxFile } from '../../server/src/service/languages/nginx/ast';
import { parseNginx } from '../../server/src/service/languages/nginx/parser';

function parse(text: string): NginxFile {
  return parseNginx(text, { isDirectiveName: (n) => ['proxy_pass', 'proxy_set_header', 'listen', 'return'].includes(n) });
}

function shape(directives: readonly Directive[]): unknown[] {
  return directives.map((d) => {
    const args = [d.name.value, ...d.args.map((a) => a.value)];
    return d.block ? [...args, shape(d.block.children)] : args;
  });
}

function errors(file: NginxFile): string[] {
  return file.errors.map((e) => `${e.code}@${e.start}`);
}

test('a } inside a bare word is part of the word', () => {
  const file = parse('location / { return 200 a}b; }');
  assert.deepEqual(shape(file.directives), [['location', '/', [['return', '200', 'a}b']]]]);
  assert.deepEqual(errors(file), []);
});

test('unquoted $host${request_uri} is one argument and ${ does not open a block', () => {
  const file = parse('return 301 https://$host${request_uri};');
  assert.deepEqual(shape(file.directives), [['return', '301', 'https://$host${request_uri}']]);
  assert.deepEqual(errors(file), []);
});

test('braces, # and ; inside quotes are literal', () => {
  const file = parse(`add_header X-A " {"; add_header X-B '#not a comment;' ; add_header X-C "}";`);
  assert.deepEqual(shape(file.directives), [
    ['add_header', 'X-A', ' {'],
    ['add_header', 'X-B', '#not a comment;'],
    ['add_header', 'X-C', '}'],
  ]);
  assert.deepEqual(errors(file), []);
});

test('# starts a comment only at the start of a token', () => {
  const file = parse('return 200 a#b; # a real comment\n');
  assert.deepEqual(shape(file.directives), [['return', '200', 'a#b']]);
  assert.equal(file.comments.length, 1);
  assert.equal(file.comments[0]!.text, ' a real comment');
});

test('several directives on one line', () => {
  const file = parse('server { listen 80; server_name a; location / { return 204; } }');
  assert.deepEqual(shape(file.directives), [['server', [['listen', '80'], ['server_name', 'a'], ['location', '/', [['return', '204']]]]]]);
});

test('location /x{ without a space opens the block', () => {
  const file = parse('location /x{ return 204; }');
  assert.deepEqual(shape(file.directives), [['location', '/x', [['return', '204']]]]);
  assert.deepEqual(errors(file), []);
});

test('comments inside map {} are kept as comments, entries as entries', () => {
  const file = parse("map $http_upgrade $connection_upgrade {\n  # websocket\n  default upgrade; # yes\n  '' close;\n}");
  assert.equal(file.comments.length, 2);
  const map = file.directives[0]!;
  assert.equal(map.block?.kind, 'entries');
  assert.deepEqual(shape(map.block!.children), [['default', 'upgrade'], ['', 'close']]);
});

test('escapes are applied inside quotes and words, other backslashes are kept', () => {
  const file = parse('return 200 "a\\"b\\n"; set $x a\\;b;');
  // nginx unescapes only a quote, a backslash, t, r and n after a backslash; an escaped ; keeps its backslash.
  assert.deepEqual(shape(file.directives), [['return', '200', 'a"b\n'], ['set', '$x', 'a\\;b']]);
});

test('if parentheses stay attached to the arguments', () => {
  const file = parse('if ($http_upgrade = "websocket") { return 204; }');
  assert.deepEqual(shape(file.directives), [['if', '($http_upgrade', '=', 'websocket', ')', [['return', '204']]]]);
  assert.deepEqual(errors(file), []);
});

test('lua block bodies are captured raw, braces in strings, comments and long brackets included', () => {
  const file = parse('content_by_lua_block {\n  local s = "}" -- }\n  ngx.say([==[ } ]==])\n  if x then y = {} end\n}\nreturn 204;');
  assert.equal(file.directives.length, 2);
  assert.equal(file.directives[0]!.block?.kind, 'raw');
  assert.equal(file.directives[1]!.name.value, 'return');
  assert.deepEqual(errors(file), []);
});

test('rejects an unquoted regex quantifier, like nginx', () => {
  const file = parse('location ~ ^/a{2}$ { return 204; }');
  assert.deepEqual(errors(file), ['unquoted-regex-brace@14']);
  // Recovery reads the regex as meant, so the block still parses.
  assert.deepEqual(shape(file.directives), [['location', '~', '^/a{2}$', [['return', '204']]]]);
  assert.deepEqual(errors(parse('location ~ "^/a{2}$" { return 204; }')), []);
});

test('rejects an extra }', () => {
  const file = parse('server { }\n}');
  assert.deepEqual(errors(file), ['unexpected-token@11']);
  assert.equal(file.errors[0]!.message, 'unexpected "}"');
});

test('rejects a missing } at its {', () => {
  const file = parse('http {\n  server {\n    listen 80;\n}');
  assert.deepEqual(errors(file), ['unclosed-block@5']);
});

test('rejects an unterminated quote, and the rest of the file still parses', () => {
  const file = parse('return 200 "oops;\nlisten 80;');
  assert.ok(errors(file).includes('unterminated-string@11'));
  assert.ok(file.directives.some((d) => d.name.value === 'listen'));
});

test('a missing ; before a line with a known directive ends the directive there', () => {
  const file = parse('location / {\n  proxy_pass http://app\n  proxy_set_header Host $host;\n}');
  assert.deepEqual(shape(file.directives), [['location', '/', [['proxy_pass', 'http://app'], ['proxy_set_header', 'Host', '$host']]]]);
  assert.equal(file.errors[0]!.message, 'directive "proxy_pass" is not terminated by ";"');
});

test('a directive ended by } is reported and the block still closes', () => {
  const file = parse('server { listen 80 }\nreturn 204;');
  assert.deepEqual(errors(file), ['missing-semicolon@9']);
  assert.equal(file.directives.length, 2);
});

test('a quoted string must be followed by a separator', () => {
  assert.deepEqual(errors(parse('return 200 "a"b;')), ['unexpected-token@14']);
  assert.deepEqual(errors(parse('return 200 "a"}')), ['missing-semicolon@0', 'unexpected-token@14']);
});

test('a stray ; and a stray { are reported, not thrown', () => {
  assert.deepEqual(errors(parse(';')), ['unexpected-token@0']);
  const file = parse('{ listen 80; }');
  assert.deepEqual(errors(file), ['unexpected-token@0']);
  assert.deepEqual(shape(file.directives), [['listen', '80']]);
});

test('binary content gives one clear error', () => {
  const file = parse('\u0000\u0001\u0002ELF');
  assert.equal(file.errors.length, 1);
  assert.equal(file.errors[0]!.code, 'binary-content');
});

test('offsets are exact', () => {
  const text = 'server {\n    proxy_pass "http://a b";\n}';
  const directive = parse(text).directives[0]!.block!.children[0]!;
  assert.equal(text.slice(directive.start, directive.end), 'proxy_pass "http://a b";');
  assert.equal(text.slice(directive.args[0]!.start, directive.args[0]!.end), '"http://a b"');
});

test('a million { does not overflow the stack', () => {
  const file = parse('{'.repeat(1_000_000));
  assert.ok(file.errors.length > 0);
});
