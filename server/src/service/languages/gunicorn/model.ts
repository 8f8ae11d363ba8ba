/**
 * What wsconf knows of a gunicorn.conf.py: its top-level assignments with literal values
 * evaluated, hook definitions and imports, with exact offsets. The file is read, never run:
 * anything that is not a literal is kept as an expression (`kind: 'expr'`).
 */
import type { Span } from '../../types';

export type PyValue =
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'int' | 'float'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'none' }
  | { readonly kind: 'list' | 'tuple'; readonly items: readonly PyValueNode[] }
  | { readonly kind: 'dict'; readonly entries: readonly { readonly key: PyValueNode; readonly value: PyValueNode }[] }
  /**
   * Anything else (`multiprocessing.cpu_count() * 2 + 1`). For `os.environ.get("X", d)`,
   * `os.getenv("X", d)` and `int(...)`/`str(...)` around them, `envVar`/`envDefault` are set.
   */
  | { readonly kind: 'expr'; readonly text: string; readonly envVar?: string; readonly envDefault?: PyValueNode };

export type PyValueNode = PyValue & Span;

export interface PyAssignment {
  readonly name: string;
  readonly nameSpan: Span;
  readonly value: PyValueNode;
  /** The whole statement, `name = value` (or `name += value`). */
  readonly span: Span;
  /** `+=` and friends: the value is not the setting's whole value. */
  readonly augmented: boolean;
}

export interface PyHook {
  readonly name: string;
  readonly nameSpan: Span;
  readonly params: number;
  readonly span: Span;
}

export interface PyImport {
  /** `os`, `multiprocessing`, `gevent.monkey`… */
  readonly module: string;
  readonly span: Span;
}

export interface PyComment extends Span {
  /** The text after `#`. */
  readonly text: string;
}

export interface PyParseError extends Span {
  readonly message: string;
}

export interface PyConfig {
  readonly text: string;
  /** Module-level assignments in file order (repeated names: the last one wins at run time). */
  readonly assignments: readonly PyAssignment[];
  readonly hooks: readonly PyHook[];
  readonly imports: readonly PyImport[];
  readonly comments: readonly PyComment[];
  readonly errors: readonly PyParseError[];
}

/** The assignment in effect for a setting: the last top-level one, or undefined. */
export function settingOf(config: PyConfig, name: string): PyAssignment | undefined {
  let found: PyAssignment | undefined;
  for (const assignment of config.assignments) if (assignment.name === name && !assignment.augmented) found = assignment;
  return found;
}

/** A literal string/number/bool value, or the env default of an `os.environ.get` expression. */
export function literalOf(value: PyValueNode | undefined): string | number | boolean | null | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case 'str':
    case 'int':
    case 'float':
    case 'bool':
      return value.value;
    case 'none':
      return null;
    case 'expr':
      return value.envDefault ? literalOf(value.envDefault) : undefined;
    default:
      return undefined;
  }
}
