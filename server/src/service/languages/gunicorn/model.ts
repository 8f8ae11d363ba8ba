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
  /**
   * Inside a module-level `if`/`try`/`with`/`for`/`while` block: Python still binds a module
   * variable there, but only when that branch runs.
   */
  readonly conditional?: boolean;
}

export interface PyHook {
  readonly name: string;
  readonly nameSpan: Span;
  /** Positional parameters (with or without defaults), the count gunicorn checks a hook against. */
  readonly params: number;
  readonly span: Span;
  /** The parameter list, `(server, worker)`; for a lambda, its parameters. */
  readonly paramsSpan?: Span;
  /** Has `*args` or `**kwargs` (gunicorn does not count them). */
  readonly variadic?: boolean;
  /** A decorator may replace the function: its real parameters are unknown. */
  readonly decorated?: boolean;
  /** `name = lambda …:` rather than `def`. */
  readonly lambda?: boolean;
  readonly conditional?: boolean;
}

export interface PyImport {
  /** `os`, `multiprocessing`, `gevent.monkey`… (`.local` for a relative import). */
  readonly module: string;
  readonly span: Span;
  /** The module-level names the statement binds (`import a.b` binds `a`; `from x import y as z` binds `z`). */
  readonly names?: readonly string[];
  /** `from x import *`: any name, settings included, may come from there. */
  readonly star?: boolean;
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
  /**
   * Names read somewhere in the file (`port` in `bind = f"0.0.0.0:{port}"`), with where. A
   * module variable that is read is a helper, not a misspelt setting. Null prototype.
   */
  readonly references?: ReadonlyMap<string, readonly Span[]>;
}

/** Whether some import may have bound `name` (`from common import *`, `from common import workers`). */
export function importedName(config: PyConfig, name: string): boolean {
  return config.imports.some((i) => i.star === true || (i.names ?? []).includes(name));
}

/** Every assignment of a setting, in file order. */
export function assignmentsOf(config: PyConfig, name: string): PyAssignment[] {
  return config.assignments.filter((a) => a.name === name);
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
