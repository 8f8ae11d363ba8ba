/**
 * Tokens -> syntax tree, tolerant of everything a user can type. The parser is iterative
 * (an explicit stack instead of recursion) so that a file of a million `{` cannot overflow
 * the call stack. Recovery:
 * - a directive whose arguments run onto a new line that starts with a known directive name
 *   is ended there (missing `;`), so a half-typed line does not swallow the next one;
 * - a stray `}` is reported and skipped; `}` right after arguments closes the block;
 * - unclosed blocks are reported at their `{` at the end of the file.
 */
import type { Arg, Block, BlockKind, Comment, Directive, NginxFile, ParseError } from './ast';
import { Lexer, TokenKind, type Token } from './lexer';
import { pushAll } from '../../arrays';

/** Blocks whose bodies are tables of entries rather than directives. */
const ENTRY_BLOCKS = new Set(['map', 'geo', 'types', 'split_clients', 'charset_map', 'match']);
/** Directives whose arguments are regular expressions, where an unquoted `{` is a common mistake. */
const REGEX_DIRECTIVES = new Set(['location', 'if', 'rewrite']);

export interface ParseOptions {
  /** Used for missing-`;` recovery: is this word a directive name? */
  readonly isDirectiveName?: (name: string) => boolean;
}

interface MutableDirective {
  start: number;
  end: number;
  name: Arg;
  args: Arg[];
  block?: Block;
  terminator?: ';' | '{';
}

interface Frame {
  readonly owner: MutableDirective | undefined;
  readonly open: number;
  readonly kind: BlockKind;
  readonly children: Directive[];
}

function toArg(token: Token): Arg {
  // Copies the fields (the lexer reuses its token object). Every Arg has the same shape, quote
  // included, so that property access stays monomorphic in the hot loops.
  return { start: token.start, end: token.end, value: token.value, quote: token.quote };
}

/** Placeholder while a directive's arguments are collected in the parser's scratch list. */
const COLLECTING: Arg[] = [];

/** Distinct directive names remembered per file (a file of random words stops sharing there). */
const MAX_SHARED_NAMES = 4096;

function newDirective(token: Token, names: Map<string, string>): MutableDirective {
  // A large file has thousands of directives and about a hundred distinct names: one string per
  // name keeps the tree smaller, and its hash is computed once for every later lookup by name.
  let value = names.get(token.value);
  if (value === undefined) {
    value = token.value;
    if (names.size < MAX_SHARED_NAMES) names.set(value, value);
  }
  const name: Arg = { start: token.start, end: token.end, value, quote: token.quote };
  return { start: token.start, end: token.end, name, args: COLLECTING, block: undefined, terminator: undefined };
}

function blockKindFor(name: string): BlockKind {
  if (ENTRY_BLOCKS.has(name)) return 'entries';
  if (name.endsWith('_by_lua_block')) return 'raw';
  return 'directives';
}

export function parseNginx(text: string, options: ParseOptions = {}): NginxFile {
  const binaryAt = findBinary(text);
  if (binaryAt !== -1) {
    const error: ParseError = {
      code: 'binary-content',
      start: 0,
      end: 0,
      message: `This does not look like an nginx configuration: it holds binary data (a NUL byte at offset ${binaryAt}).`,
    };
    return { text, directives: [], comments: [], errors: [error] };
  }
  return new Parser(text, options).parse();
}

const MAX_ERRORS = 100;

/** A file of garbage should give a readable list, not a million diagnostics. */
function capErrors(errors: ParseError[]): ParseError[] {
  if (errors.length <= MAX_ERRORS) return errors;
  const last = errors[MAX_ERRORS - 1]!;
  return [
    ...errors.slice(0, MAX_ERRORS),
    { code: 'unexpected-token', start: last.start, end: last.end, message: `${errors.length - MAX_ERRORS} more syntax errors follow; fix the ones above first.` },
  ];
}

/** Index of a NUL byte in the first 8 KiB, or -1. */
function findBinary(text: string): number {
  const index = text.indexOf('\u0000');
  return index !== -1 && index < 8192 ? index : -1;
}

class Parser {
  private readonly lexer: Lexer;
  private readonly errors: ParseError[] = [];
  private readonly stack: Frame[] = [];
  private current: MutableDirective | undefined;
  /**
   * The arguments of `current` while it is read. Each directive then gets an array of exactly
   * its size: growing a fresh array per directive by push() reserves room for 17 arguments.
   */
  private readonly scratch: Arg[] = [];
  private argCount = 0;
  private readonly names = new Map<string, string>();

  constructor(
    private readonly text: string,
    private readonly options: ParseOptions,
  ) {
    this.lexer = new Lexer(text);
  }

  parse(): NginxFile {
    const top: Frame = { owner: undefined, open: -1, kind: 'directives', children: [] };
    this.stack.push(top);
    for (;;) {
      const token = this.lexer.next();
      if (token.kind === TokenKind.EOF) break;
      switch (token.kind) {
        case TokenKind.Word:
        case TokenKind.String:
          this.onWord(token);
          break;
        case TokenKind.Semicolon:
          this.onSemicolon(token);
          break;
        case TokenKind.Open:
          this.onOpen(token);
          break;
        case TokenKind.Close:
          this.onClose(token);
          break;
      }
    }
    this.onEndOfFile();
    const comments: Comment[] = this.lexer.comments;
    const errors = [...this.lexer.errors, ...this.errors].sort((a, b) => a.start - b.start);
    return { text: this.text, directives: top.children, comments, errors: capErrors(errors) };
  }

  private get frame(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  private onWord(token: Token): void {
    const current = this.current;
    if (!current) {
      this.current = newDirective(token, this.names);
      return;
    }
    if (
      token.newlineBefore &&
      token.kind === TokenKind.Word &&
      this.frame.kind === 'directives' &&
      this.options.isDirectiveName?.(token.value) === true
    ) {
      this.reportMissingSemicolon(current);
      this.finish(current, undefined);
      this.current = newDirective(token, this.names);
      return;
    }
    this.scratch[this.argCount++] = toArg(token);
    current.end = token.end;
  }

  private onSemicolon(token: Token): void {
    const current = this.current;
    if (!current) {
      this.errors.push({ code: 'unexpected-token', start: token.start, end: token.end, message: 'unexpected ";"' });
      return;
    }
    current.end = token.end;
    this.finish(current, ';');
  }

  private onOpen(token: Token): void {
    const current = this.current;
    if (current && this.isUnquotedRegexBrace(current, token)) return;
    if (!current) {
      this.errors.push({ code: 'unexpected-token', start: token.start, end: token.end, message: 'unexpected "{"' });
      // The block is still entered so that braces stay balanced; its contents join the parent.
      this.stack.push({ owner: undefined, open: token.start, kind: 'directives', children: [] });
      return;
    }
    this.current = undefined;
    this.seal(current);
    current.terminator = '{';
    const kind = blockKindFor(current.name.value);
    if (kind === 'raw') {
      const { end, closed } = this.lexer.skipLuaBody(token.end);
      current.block = { start: token.start, end, kind, closed, children: [] };
      current.end = end;
      if (!closed) this.reportUnclosed(token.start);
      this.frame.children.push(current);
      return;
    }
    this.stack.push({ owner: current, open: token.start, kind, children: [] });
  }

  /**
   * `location ~ ^/a{2}$ {`: nginx opens a block at the quantifier's `{`. When the next token
   * is glued to the `{` and looks like the rest of a quantifier, report it and read the
   * regex as the user meant it, so the rest of the file parses normally.
   */
  private isUnquotedRegexBrace(current: MutableDirective, open: Token): boolean {
    if (!REGEX_DIRECTIVES.has(current.name.value) || this.argCount === 0) return false;
    const last = this.scratch[this.argCount - 1]!;
    if (last.end !== open.start || last.quote) return false;
    const next = this.lexer.peek();
    if (next.kind !== TokenKind.Word || next.start !== open.end || !/^\d*,?\d*\}/.test(next.value)) return false;
    const openStart = open.start;
    this.lexer.next(); // `open` is the lexer's reused token: read it before this line.
    const merged: Arg = { start: last.start, end: next.end, value: this.text.slice(last.start, next.end), quote: undefined };
    this.scratch[this.argCount - 1] = merged;
    current.end = next.end;
    this.errors.push({
      code: 'unquoted-regex-brace',
      start: openStart,
      end: next.end,
      message: `unquoted "{" in a regular expression opens a block in nginx; put the whole expression in quotes, e.g. "${merged.value}"`,
    });
    return true;
  }

  private onClose(token: Token): void {
    const pending = this.current;
    if (pending) {
      this.reportMissingSemicolon(pending);
      this.finish(pending, undefined);
    }
    if (this.stack.length === 1) {
      this.errors.push({ code: 'unexpected-token', start: token.start, end: token.end, message: 'unexpected "}"' });
      return;
    }
    this.closeFrame(token.end, true);
  }

  private onEndOfFile(): void {
    const pending = this.current;
    if (pending) {
      this.errors.push({
        code: 'unexpected-eof',
        start: pending.end,
        end: pending.end,
        message: `unexpected end of file, expecting ";" or "}" after directive "${pending.name.value}"`,
      });
      this.finish(pending, undefined);
    }
    while (this.stack.length > 1) {
      this.reportUnclosed(this.frame.open);
      this.closeFrame(this.text.length, false);
    }
  }

  private closeFrame(end: number, closed: boolean): void {
    const frame = this.stack.pop()!;
    const owner = frame.owner;
    if (!owner) {
      pushAll(this.frame.children, frame.children);
      return;
    }
    // An exact-size copy: a list grown by push() keeps room for about 16 more entries.
    owner.block = { start: frame.open, end, kind: frame.kind, closed, children: frame.children.slice() };
    owner.end = end;
    this.frame.children.push(owner);
  }

  /** Gives the directive being read its arguments (it is `current`, whose arguments are in `scratch`). */
  private seal(directive: MutableDirective): void {
    directive.args = this.argCount === 0 ? [] : this.scratch.slice(0, this.argCount);
    this.argCount = 0;
  }

  private finish(directive: MutableDirective, terminator: ';' | undefined): void {
    this.seal(directive);
    if (terminator) directive.terminator = terminator;
    this.frame.children.push(directive);
    this.current = undefined;
  }

  /** `directive` is `current`, still being read. */
  private reportMissingSemicolon(directive: MutableDirective): void {
    const at = this.argCount > 0 ? this.scratch[this.argCount - 1]!.end : directive.name.end;
    this.errors.push({
      code: 'missing-semicolon',
      start: directive.name.start,
      end: at,
      message: `directive "${directive.name.value}" is not terminated by ";"`,
    });
  }

  private reportUnclosed(open: number): void {
    this.errors.push({
      code: 'unclosed-block',
      start: open,
      end: open + 1,
      message: 'unexpected end of file, expecting "}": this "{" is never closed',
    });
  }
}
