/**
 * A pull lexer with the semantics of nginx's ngx_conf_read_token():
 * - `#` starts a comment and `"`/`'` start a quoted string only at the start of a token;
 *   inside a bare word they are ordinary characters, and so is `}`;
 * - a bare word ends at whitespace, `;` or `{`, except that `${` continues a variable;
 * - `\` escapes the next character (in words and strings alike);
 * - after a closing quote the next character must be whitespace, `;`, `{` or `)`.
 * It never throws; problems are recorded as ParseErrors.
 */
import type { Comment, ParseError } from './ast';

export const enum TokenKind {
  Word,
  String,
  Open,
  Close,
  Semicolon,
  EOF,
}

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** For Word/String: the value nginx would use (quotes removed, escapes applied). */
  value: string;
  quote?: '"' | "'";
  /** A newline separates this token from the previous one. */
  newlineBefore: boolean;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const SEMI = 59;
const LBRACE = 123;
const RBRACE = 125;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;
const DOLLAR = 36;
const RPAREN = 41;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/** Applies nginx's unescaping to the raw text of a token. */
function unescape(raw: string): string {
  if (raw.indexOf('\\') === -1) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1]!;
      if (next === '"' || next === "'" || next === '\\') {
        out += next;
        i++;
        continue;
      }
      if (next === 't' || next === 'r' || next === 'n') {
        out += next === 't' ? '\t' : next === 'r' ? '\r' : '\n';
        i++;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

export class Lexer {
  private pos = 0;
  private readonly length: number;
  readonly comments: Comment[] = [];
  readonly errors: ParseError[] = [];
  /** The current token. It is reused from token to token to spare the garbage collector. */
  readonly token: Token = { kind: TokenKind.EOF, start: 0, end: 0, value: '', newlineBefore: false };

  constructor(private readonly text: string) {
    this.length = text.length;
  }

  /** Moves to the next token and returns it (the same object each time). */
  next(): Token {
    this.scan();
    return this.token;
  }

  /** A copy of the token after the current one, without consuming it. */
  peek(): Token {
    const saved = { ...this.token };
    const pos = this.pos;
    const comments = this.comments.length;
    const errors = this.errors.length;
    this.scan();
    const peeked = { ...this.token };
    Object.assign(this.token, saved);
    this.pos = pos;
    this.comments.length = comments;
    this.errors.length = errors;
    return peeked;
  }

  /**
   * Skips the body of a `*_by_lua_block` whose `{` ended at `from`: Lua strings, long
   * brackets and comments may hold braces, so they are skipped rather than counted.
   */
  skipLuaBody(from: number): { end: number; closed: boolean } {
    const text = this.text;
    let depth = 1;
    let i = from;
    while (i < this.length) {
      const c = text.charCodeAt(i);
      if (c === LBRACE) {
        depth++;
        i++;
      } else if (c === RBRACE) {
        depth--;
        i++;
        if (depth === 0) {
          this.pos = i;
          return { end: i, closed: true };
        }
      } else if (c === DQUOTE || c === SQUOTE) {
        i++;
        while (i < this.length) {
          const d = text.charCodeAt(i);
          if (d === BACKSLASH) i += 2;
          else if (d === c || d === LF) {
            i++;
            break;
          } else i++;
        }
      } else if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
        const level = longBracketLevel(text, i + 2);
        if (level >= 0) i = skipLongBracket(text, i + 2, level);
        else {
          const nl = text.indexOf('\n', i);
          i = nl === -1 ? this.length : nl + 1;
        }
      } else if (c === 91 /* [ */) {
        const level = longBracketLevel(text, i);
        i = level >= 0 ? skipLongBracket(text, i, level) : i + 1;
      } else i++;
    }
    this.pos = this.length;
    return { end: this.length, closed: false };
  }

  private scan(): void {
    const text = this.text;
    let newlineBefore = false;
    let i = this.pos;
    // Skip whitespace and comments.
    for (;;) {
      if (i >= this.length) {
        this.pos = i;
        this.set(TokenKind.EOF, i, i, '', undefined, newlineBefore);
        return;
      }
      const c = text.charCodeAt(i);
      if (c === LF) {
        newlineBefore = true;
        i++;
      } else if (c === SPACE || c === TAB || c === CR) i++;
      else if (c === HASH) {
        let end = text.indexOf('\n', i);
        if (end === -1) end = this.length;
        const stop = end > i && text.charCodeAt(end - 1) === CR ? end - 1 : end;
        this.comments.push({ start: i, end: stop, text: text.slice(i + 1, stop) });
        i = end;
      } else break;
    }
    const start = i;
    const c = text.charCodeAt(i);
    if (c === SEMI) this.punct(TokenKind.Semicolon, start, newlineBefore);
    else if (c === LBRACE) this.punct(TokenKind.Open, start, newlineBefore);
    else if (c === RBRACE) this.punct(TokenKind.Close, start, newlineBefore);
    else if (c === DQUOTE || c === SQUOTE) this.scanQuoted(start, c, newlineBefore);
    else this.scanWord(start, newlineBefore);
  }

  private set(kind: TokenKind, start: number, end: number, value: string, quote: '"' | "'" | undefined, newlineBefore: boolean): void {
    const token = this.token;
    token.kind = kind;
    token.start = start;
    token.end = end;
    token.value = value;
    token.quote = quote;
    token.newlineBefore = newlineBefore;
  }

  private punct(kind: TokenKind, start: number, newlineBefore: boolean): void {
    this.pos = start + 1;
    this.set(kind, start, start + 1, '', undefined, newlineBefore);
  }

  private scanWord(start: number, newlineBefore: boolean): void {
    const text = this.text;
    let i = start;
    let variable = false;
    for (; i < this.length; i++) {
      const c = text.charCodeAt(i);
      if (c === LBRACE && variable) {
        variable = false;
        continue;
      }
      variable = false;
      if (c === BACKSLASH) {
        i++;
        continue;
      }
      if (c === DOLLAR) {
        variable = true;
        continue;
      }
      if (isSpace(c) || c === SEMI || c === LBRACE) break;
    }
    if (i > this.length) i = this.length;
    this.pos = i;
    this.set(TokenKind.Word, start, i, unescape(text.slice(start, i)), undefined, newlineBefore);
  }

  private scanQuoted(start: number, quote: number, newlineBefore: boolean): void {
    const text = this.text;
    let i = start + 1;
    let closedAt = -1;
    while (i < this.length) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) i += 2;
      else if (c === quote) {
        closedAt = i;
        break;
      } else i++;
    }
    const quoteChar = quote === DQUOTE ? '"' : "'";
    if (closedAt === -1) {
      // nginx reads to the end of the file; to keep the rest of the file analysable
      // while the user types, the string is assumed to stop at the end of its line.
      let lineEnd = text.indexOf('\n', start);
      if (lineEnd === -1) lineEnd = this.length;
      this.errors.push({
        code: 'unterminated-string',
        start,
        end: lineEnd,
        message: `unexpected end of file: the ${quoteChar === '"' ? 'double' : 'single'} quote opened here is never closed`,
      });
      this.pos = lineEnd;
      this.set(TokenKind.String, start, lineEnd, unescape(text.slice(start + 1, lineEnd)), quoteChar, newlineBefore);
      return;
    }
    const end = closedAt + 1;
    this.pos = end;
    if (end < this.length) {
      const after = text.charCodeAt(end);
      // A `}` right after a quote is reported by the parser (as nginx does: unexpected "}").
      if (!isSpace(after) && after !== SEMI && after !== LBRACE && after !== RPAREN && after !== RBRACE) {
        this.errors.push({
          code: 'unexpected-token',
          start: end,
          end: end + 1,
          message: `unexpected "${String.fromCharCode(after)}" after a quoted string (add a space)`,
        });
      }
    }
    this.set(TokenKind.String, start, end, unescape(text.slice(start + 1, closedAt)), quoteChar, newlineBefore);
  }
}

/** For `[`, `[=[`, … at `at`, the number of `=`; -1 when it is not a Lua long bracket. */
function longBracketLevel(text: string, at: number): number {
  if (text.charCodeAt(at) !== 91) return -1;
  let level = 0;
  let i = at + 1;
  while (text.charCodeAt(i) === 61 /* = */) {
    level++;
    i++;
  }
  return text.charCodeAt(i) === 91 ? level : -1;
}

function skipLongBracket(text: string, at: number, level: number): number {
  const close = ']' + '='.repeat(level) + ']';
  const end = text.indexOf(close, at + level + 2);
  return end === -1 ? text.length : end + close.length;
}
