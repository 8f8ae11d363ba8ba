/**
 * The nginx syntax tree: immutable values with exact UTF-16 offsets. Any optional field
 * may be missing in a half-typed file; the parser never throws.
 */
import type { Span } from '../../types';

/** One argument (or the directive name) as nginx's tokenizer sees it. */
export interface Arg extends Span {
  /** The value nginx uses: quotes removed, `\"`, `\'`, `\\`, `\t`, `\r`, `\n` unescaped. */
  readonly value: string;
  /** The quote that enclosed the token, if any. */
  readonly quote?: '"' | "'";
}

/**
 * `entries`: the body of map/geo/types/split_clients/charset_map/match, whose lines are
 * table rows, not directives. `raw`: the body of a `*_by_lua_block`, kept as text.
 */
export type BlockKind = 'directives' | 'entries' | 'raw';

export interface Block extends Span {
  /** Offset of the `{`. `end` is after the `}`, or the end of the file when unclosed. */
  readonly kind: BlockKind;
  readonly closed: boolean;
  readonly children: readonly Directive[];
}

export interface Directive extends Span {
  readonly name: Arg;
  readonly args: readonly Arg[];
  readonly block?: Block;
  /** What ended the directive: `;`, `{`, or nothing (missing `;`, end of file). */
  readonly terminator?: ';' | '{';
}

export interface Comment extends Span {
  /** The text after `#`. */
  readonly text: string;
}

export interface ParseError extends Span {
  readonly code:
    | 'unexpected-token'
    | 'missing-semicolon'
    | 'unclosed-block'
    | 'unterminated-string'
    | 'unexpected-eof'
    | 'unquoted-regex-brace'
    | 'binary-content';
  readonly message: string;
}

export interface NginxFile {
  readonly text: string;
  readonly directives: readonly Directive[];
  readonly comments: readonly Comment[];
  readonly errors: readonly ParseError[];
}
