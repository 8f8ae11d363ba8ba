// Checks the TextMate grammars in syntaxes/ with the same engine VS Code uses (vscode-textmate +
// vscode-oniguruma), and checks that the static snippets are valid and highlight cleanly.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

function findRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'syntaxes', 'nginx.tmLanguage.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root (with syntaxes/) not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

const ROOT = findRoot();
const GRAMMAR_FILES: Record<string, string> = {
  'source.nginx': path.join(ROOT, 'syntaxes', 'nginx.tmLanguage.json'),
  'source.uwsgi': path.join(ROOT, 'syntaxes', 'uwsgi.tmLanguage.json'),
};

interface Token {
  readonly start: number;
  readonly end: number;
  readonly scopes: readonly string[];
}
interface Tokenized {
  readonly text: string;
  readonly tokens: readonly Token[];
  /** The rule stack after the last line: equal to the start state when every block was closed. */
  readonly end: vsctm.StateStack;
}

let nginx: vsctm.IGrammar;
let uwsgi: vsctm.IGrammar;

before(async () => {
  const wasm = fs.readFileSync(path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    // source.lua (embedded in *_by_lua_block) is not available here, like in an editor without a Lua grammar.
    loadGrammar: async (scopeName: string) => {
      const file = GRAMMAR_FILES[scopeName];
      return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
  });
  const n = await registry.loadGrammar('source.nginx');
  const u = await registry.loadGrammar('source.uwsgi');
  assert.ok(n && u, 'both grammars load');
  nginx = n;
  uwsgi = u;
});

function tokenize(grammar: vsctm.IGrammar, text: string): Tokenized {
  const tokens: Token[] = [];
  let stack = vsctm.INITIAL;
  let offset = 0;
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, stack);
    for (const t of result.tokens) {
      tokens.push({ start: offset + t.startIndex, end: offset + Math.min(t.endIndex, line.length), scopes: t.scopes });
    }
    stack = result.ruleStack;
    offset += line.length + 1;
  }
  return { text, tokens, end: stack };
}

/** The tokens that overlap the nth occurrence of `needle`. */
function tokensAt(t: Tokenized, needle: string, nth = 0): Token[] {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = t.text.indexOf(needle, at + 1);
    assert.notEqual(at, -1, `"${needle}" (occurrence ${nth}) not found in:\n${t.text}`);
  }
  const end = at + needle.length;
  return t.tokens.filter((tok) => tok.start < end && tok.end > at);
}

function describeTokens(t: Tokenized, tokens: readonly Token[]): string {
  return tokens.map((tok) => `  ${JSON.stringify(t.text.slice(tok.start, tok.end))}: ${tok.scopes.join(' ')}`).join('\n');
}

/** Every token covering `needle` has a scope starting with `scope`. */
function hasScope(t: Tokenized, needle: string, scope: string, nth = 0): void {
  const tokens = tokensAt(t, needle, nth);
  const ok = tokens.every((tok) => tok.scopes.some((s) => s === scope || s.startsWith(scope + '.')));
  assert.ok(ok, `expected "${needle}" to be ${scope}, got:\n${describeTokens(t, tokens)}`);
}

/** No token covering `needle` has a scope starting with `scope`. */
function lacksScope(t: Tokenized, needle: string, scope: string, nth = 0): void {
  const tokens = tokensAt(t, needle, nth);
  const bad = tokens.filter((tok) => tok.scopes.some((s) => s === scope || s.startsWith(scope + '.')));
  assert.equal(bad.length, 0, `expected "${needle}" not to be ${scope}, got:\n${describeTokens(t, tokens)}`);
}

describe('nginx grammar', () => {
  test('directive names, arguments and terminators', () => {
    const t = tokenize(nginx, 'location /socket.io/ {\n    proxy_set_header Upgrade $http_upgrade;\n}');
    hasScope(t, 'proxy_set_header', 'keyword.other.directive.nginx');
    lacksScope(t, 'Upgrade', 'keyword');
    hasScope(t, '$http_upgrade', 'variable.other.nginx');
    hasScope(t, '$', 'punctuation.definition.variable.nginx');
    hasScope(t, ';', 'punctuation.terminator.nginx');
    hasScope(t, '}', 'punctuation.section.block.end.nginx');
  });

  test('arguments on continuation lines are not directive names', () => {
    const t = tokenize(nginx, 'log_format main\n    $remote_addr\n    upstream_time;\nlisten 80;');
    hasScope(t, 'log_format', 'keyword.other.directive.nginx');
    lacksScope(t, 'upstream_time', 'keyword');
    lacksScope(t, 'upstream_time', 'storage');
    hasScope(t, 'listen', 'keyword.other.directive.nginx');
  });

  test('quoted strings keep # and { and highlight escapes and variables', () => {
    const t = tokenize(nginx, 'add_header X-Note "a # b { c $host \\" d";\nlisten 80;');
    hasScope(t, '"a # b { c $host \\" d"', 'string.quoted.double.nginx');
    lacksScope(t, '# b', 'comment');
    lacksScope(t, '{', 'punctuation.section.block');
    hasScope(t, '$host', 'variable.other.nginx');
    hasScope(t, '\\"', 'constant.character.escape.nginx');
    hasScope(t, 'listen', 'keyword.other.directive.nginx');
    lacksScope(t, 'listen', 'meta.block');

    const s = tokenize(nginx, "return 200 'it''s {x}';");
    hasScope(s, "'it'", 'string.quoted.single.nginx');
  });

  test('$var and ${var} variables, also inside strings', () => {
    const t = tokenize(nginx, 'return 301 https://$host${request_uri};');
    hasScope(t, '$host', 'variable.other.nginx');
    hasScope(t, '${request_uri}', 'variable.other.nginx');
    hasScope(t, '${', 'punctuation.definition.variable.begin.nginx');
    lacksScope(t, 'https://', 'variable');
    hasScope(t, '301', 'constant.numeric.nginx');

    const s = tokenize(nginx, 'set $target "${scheme}://$host:1";');
    hasScope(s, '$target', 'variable.other.nginx');
    hasScope(s, '${scheme}', 'variable.other.nginx');
    hasScope(s, '${scheme}', 'string.quoted.double.nginx');
  });

  test('location modifiers and regular expressions', () => {
    const t = tokenize(nginx, 'location ~* \\.(png|jpg)$ {\n    expires 30d;\n}');
    hasScope(t, 'location', 'storage.type.context.location.nginx');
    hasScope(t, '~*', 'keyword.operator.modifier.nginx');
    hasScope(t, '\\.(png|jpg)$', 'string.regexp.nginx');
    hasScope(t, '{', 'punctuation.section.block.begin.nginx');
    hasScope(t, 'expires', 'keyword.other.directive.nginx');
    hasScope(t, '30d', 'constant.numeric.nginx');

    const exact = tokenize(nginx, 'location = /socket.io/ { }');
    hasScope(exact, '=', 'keyword.operator.modifier.nginx');
    hasScope(exact, '/socket.io/', 'string.unquoted.path.nginx');

    const prefix = tokenize(nginx, 'location ^~ /static/ { }\nlocation @fallback { }');
    hasScope(prefix, '^~', 'keyword.operator.modifier.nginx');
    hasScope(prefix, '@fallback', 'entity.name.function.named-location.nginx');

    const quoted = tokenize(nginx, 'location ~ "^/a{2}$" { }');
    hasScope(quoted, '"^/a{2}$"', 'string.regexp.quoted.nginx');
  });

  test('if conditions and rewrite', () => {
    const t = tokenize(nginx, 'if ($http_user_agent ~* (bot|crawler)) {\n    return 403;\n}');
    hasScope(t, 'if', 'keyword.control.conditional.nginx');
    hasScope(t, '$http_user_agent', 'variable.other.nginx');
    hasScope(t, '~*', 'keyword.operator.comparison.nginx');
    hasScope(t, '(bot|crawler)', 'string.regexp.nginx');
    hasScope(t, ')', 'punctuation.section.condition.end.nginx', 1);
    hasScope(t, 'return', 'keyword.other.directive.nginx');

    const f = tokenize(nginx, 'if (!-f $request_filename) { }');
    hasScope(f, '!-f', 'keyword.operator.comparison.nginx');

    const r = tokenize(nginx, 'rewrite ^/old/(.*)$ /new/$1 permanent;');
    hasScope(r, 'rewrite', 'keyword.other.directive.nginx');
    hasScope(r, '^/old/(.*)$', 'string.regexp.nginx');
    hasScope(r, '$1', 'variable.other.nginx');
    hasScope(r, 'permanent', 'keyword.control.flag.nginx');
  });

  test('numbers with size and time suffixes, on/off', () => {
    const t = tokenize(nginx, 'proxy_read_timeout 300s;');
    hasScope(t, '300s', 'constant.numeric.nginx');
    for (const value of ['10m', '4k', '1h30m', '500ms', '1.1', '80']) {
      hasScope(tokenize(nginx, `x ${value};`), value, 'constant.numeric.nginx');
    }
    const addr = tokenize(nginx, 'server 127.0.0.1:5000 max_fails=3;');
    lacksScope(addr, '127.0.0.1:5000', 'constant.numeric');
    lacksScope(addr, '3', 'constant.numeric');
    const onOff = tokenize(nginx, 'proxy_buffering off;\nproxy_request_buffering on;');
    hasScope(onOff, 'off', 'constant.language.boolean.nginx');
    hasScope(onOff, 'on', 'constant.language.boolean.nginx');
    lacksScope(tokenize(nginx, 'add_header X-On one;'), 'one', 'constant.language');
  });

  test('comments start only at a token boundary', () => {
    const t = tokenize(nginx, '# a comment\nlisten 80; # trailing');
    hasScope(t, '# a comment', 'comment.line.number-sign.nginx');
    hasScope(t, '#', 'punctuation.definition.comment.nginx');
    hasScope(t, '# trailing', 'comment.line.number-sign.nginx');
    hasScope(t, 'listen', 'keyword.other.directive.nginx');

    const word = tokenize(nginx, 'return 200 a#b;\nlisten 80;');
    lacksScope(word, 'a#b', 'comment');
    hasScope(word, ';', 'punctuation.terminator.nginx');
    hasScope(word, 'listen', 'keyword.other.directive.nginx');

    const glued = tokenize(nginx, 'listen 80;#no space');
    hasScope(glued, '#no space', 'comment.line.number-sign.nginx');
  });

  test('block names, upstream names and server inside upstream', () => {
    const t = tokenize(
      nginx,
      [
        'http {',
        '    map $http_upgrade $connection_upgrade {',
        '        default upgrade;',
        "        ''      close;",
        '    }',
        '    upstream socketio_nodes {',
        '        ip_hash;',
        '        server 127.0.0.1:5000;',
        '    }',
        '    server {',
        '        listen 80;',
        '    }',
        '}',
      ].join('\n'),
    );
    hasScope(t, 'http', 'storage.type.context.nginx');
    hasScope(t, 'map', 'storage.type.context.nginx');
    hasScope(t, '$connection_upgrade', 'variable.other.nginx');
    hasScope(t, "''", 'string.quoted.single.nginx');
    lacksScope(t, 'close', 'keyword');
    hasScope(t, 'upstream', 'storage.type.context.nginx');
    hasScope(t, 'socketio_nodes', 'entity.name.type.upstream.nginx');
    hasScope(t, 'ip_hash', 'keyword.other.directive.nginx');
    hasScope(t, 'server', 'keyword.other.directive.nginx', 0);
    hasScope(t, 'server', 'storage.type.context.nginx', 1);
    for (const name of ['events', 'types', 'geo', 'limit_except', 'stream', 'mail', 'split_clients']) {
      hasScope(tokenize(nginx, `${name} {\n}`), name, 'storage.type.context.nginx');
    }
    lacksScope(tokenize(nginx, 'types_hash_max_size 2048;'), 'types_hash_max_size', 'storage');
  });

  test('*_by_lua_block bodies are Lua, with balanced braces', () => {
    const t = tokenize(
      nginx,
      [
        'content_by_lua_block {',
        '    local t = { a = 1 }',
        '    ngx.say("}") -- a } in a comment',
        '}',
        'listen 80;',
      ].join('\n'),
    );
    hasScope(t, 'content_by_lua_block', 'keyword.other.directive.nginx');
    hasScope(t, 'local t', 'meta.embedded.block.lua');
    hasScope(t, 'ngx.say', 'meta.embedded.block.lua');
    lacksScope(t, 'local', 'keyword.other.directive.nginx');
    hasScope(t, '"}"', 'string.quoted.double.lua');
    hasScope(t, '-- a }', 'comment.line.double-dash.lua');
    hasScope(t, '}', 'punctuation.section.block.end.nginx', 3);
    hasScope(t, 'listen', 'keyword.other.directive.nginx');
    lacksScope(t, 'listen', 'meta.embedded');
  });

  test('a stray closing brace is marked, and the grammar recovers', () => {
    const t = tokenize(nginx, '}\nlisten 80;');
    hasScope(t, '}', 'invalid.illegal.unmatched-brace.nginx');
    hasScope(t, 'listen', 'keyword.other.directive.nginx');
  });
});

describe('uwsgi grammar', () => {
  test('sections, keys, values and placeholders', () => {
    const t = tokenize(
      uwsgi,
      [
        '[uwsgi]',
        'socket = /run/%n/uwsgi.sock',
        'http-socket = %(socket)',
        'chdir = %d',
        'home = $(VIRTUAL_ENV)',
        'env = SECRET=@(/etc/myapp/secret)',
        'master = true',
        'processes = 1',
      ].join('\n'),
    );
    hasScope(t, 'uwsgi', 'entity.name.section.uwsgi');
    hasScope(t, '[', 'punctuation.definition.section.begin.uwsgi');
    hasScope(t, 'socket', 'support.type.property-name.uwsgi');
    hasScope(t, '=', 'punctuation.separator.key-value.uwsgi');
    hasScope(t, '/run/', 'string.unquoted.value.uwsgi');
    hasScope(t, '%n', 'variable.language.magic.uwsgi');
    hasScope(t, 'http-socket', 'support.type.property-name.uwsgi');
    hasScope(t, '%(socket)', 'variable.other.placeholder.uwsgi');
    hasScope(t, '%d', 'variable.language.magic.uwsgi');
    hasScope(t, '$(VIRTUAL_ENV)', 'variable.other.environment.uwsgi');
    hasScope(t, '@(/etc/myapp/secret)', 'variable.other.file.uwsgi');
    hasScope(t, 'true', 'constant.language.boolean.uwsgi');
    hasScope(t, '1', 'constant.numeric.uwsgi', 0);
  });

  test('comments only at the start of a line', () => {
    const t = tokenize(uwsgi, '; comment\n  # indented comment\nkey = value ; not a comment\nsocket = /tmp/a#b');
    hasScope(t, '; comment', 'comment.line.semicolon.uwsgi');
    hasScope(t, '# indented comment', 'comment.line.number-sign.uwsgi');
    hasScope(t, 'key', 'support.type.property-name.uwsgi');
    hasScope(t, 'value ; not a comment', 'string.unquoted.value.uwsgi');
    lacksScope(t, '; not a comment', 'comment');
    lacksScope(t, '/tmp/a#b', 'comment');
    lacksScope(tokenize(uwsgi, 'processes = 1 ; two'), '1 ; two', 'constant.numeric');
  });
});

interface Snippet {
  readonly prefix: string | string[];
  readonly body: string | string[];
  readonly description: string;
}

function loadSnippets(file: string): Record<string, Snippet> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'snippets', file), 'utf8')) as Record<string, Snippet>;
}

function bodyOf(s: Snippet): string {
  return Array.isArray(s.body) ? s.body.join('\n') : s.body;
}

/** Expands a snippet the simple way: placeholders become their default text, tab stops disappear. */
function expand(body: string): string {
  let out = body;
  for (let i = 0; i < 5; i++) out = out.replace(/\$\{\d+:([^${}]*)\}/g, '$1');
  return out.replace(/\$\d+/g, '').replace(/\\([$}\\])/g, '$1').replace(/\t/g, '    ');
}

describe('snippets', () => {
  for (const [file, language] of [
    ['nginx.json', 'nginx'],
    ['uwsgi.json', 'uwsgi'],
  ] as const) {
    test(`${file}: prefixes, descriptions and escaping`, () => {
      const snippets = loadSnippets(file);
      assert.ok(Object.keys(snippets).length >= 2);
      for (const [name, s] of Object.entries(snippets)) {
        const prefixes = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
        for (const p of prefixes) assert.match(p, /^(ws|socketio|nginx|uwsgi)-[a-z0-9-]+$/, `${name}: prefix ${p}`);
        assert.ok(s.description.length > 20, `${name}: description`);
        // An unescaped "$name" would be read as a snippet variable and lose its "$".
        const stray = bodyOf(s).replace(/\\\$/g, '').match(/\$(?!\d|\{\d)/);
        assert.equal(stray, null, `${name}: unescaped $ in body`);
      }
    });

    test(`${file}: expanded bodies highlight without errors`, () => {
      const grammar = language === 'nginx' ? nginx : uwsgi;
      for (const [name, s] of Object.entries(loadSnippets(file))) {
        const text = expand(bodyOf(s));
        assert.doesNotMatch(text, /\$\{?\d/, `${name}: leftover tab stop`);
        const t = tokenize(grammar, text);
        const bad = t.tokens.filter((tok) => tok.scopes.some((sc) => sc.startsWith('invalid')));
        assert.equal(bad.length, 0, `${name}:\n${describeTokens(t, bad)}`);
        if (language === 'nginx') {
          assert.equal((text.match(/\{/g) ?? []).length, (text.match(/\}/g) ?? []).length, `${name}: braces`);
          const outside = tokenize(grammar, 'listen 80;').end;
          assert.ok(t.end.equals(outside), `${name}: body ends inside a block or statement`);
        } else {
          for (const line of text.split('\n')) {
            if (/^\s*[;#]/.test(line)) continue;
            assert.doesNotMatch(line, /\s[;#]/, `${name}: inline comment in "${line}" would become part of the value`);
          }
        }
      }
    });
  }
});
