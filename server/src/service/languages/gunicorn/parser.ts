/**
 * Reads a gunicorn.conf.py into our own model with @lezer/python (architecture §4.4); the
 * only module that imports Lezer. The file is parsed, never run.
 *
 * What counts: gunicorn executes the file and keeps the module's variables, so every binding
 * at module level matters, also those inside module-level `if`/`elif`/`else`, `try`/`except`/
 * `finally`, `with`, `for`, `while` and `match` blocks (marked `conditional`, because the
 * branch may not run). Bodies of functions, lambdas and classes are not module variables and
 * are skipped. Lezer recovers from errors, so half-typed text (`timeout = `, an unclosed
 * string) still yields the other assignments; Lezer does not report unclosed one-line strings
 * or indented top-level lines, which Python refuses, so those checks are ours.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import { pushAll } from '../../arrays';
import type { Span } from '../../types';
import { lineStartAt } from '../../text/line-index';
import { evaluate, readStringToken, type ExprNode } from './literal';
import type { PyAssignment, PyComment, PyConfig, PyHook, PyImport, PyParseError, PyValueNode } from './model';

const MAX_ERRORS = 100;
/** How many helper names (`a = b`, `b = c`) are followed before a name is left unknown. */
const MAX_HELPER_HOPS = 100;
const BLOCK_STATEMENTS = new Set(['IfStatement', 'TryStatement', 'WithStatement', 'ForStatement', 'WhileStatement', 'MatchStatement']);
const SCOPES = new Set(['FunctionDefinition', 'ClassDefinition', 'LambdaExpression', 'DecoratedStatement']);
const BRACKETS = new Map([['(', ')'], ['[', ']'], ['{', '}']]);

/**
 * Our view of a Lezer node for literal.ts; children are computed when asked for. A name read
 * inside an expression (`port` in `f"0.0.0.0:{port}"`) stands for the value of its last
 * earlier module-level assignment, so helper variables are followed; each step goes to an
 * earlier offset, so this always ends.
 */
function view(start: SyntaxNode, c: Collector): ExprNode {
  // A loop, not recursion: `a2 = a1`, `a3 = a2`, … may chain thousands of helpers.
  let node = start;
  for (let hops = 0; node.name === 'VariableName' && hops < MAX_HELPER_HOPS; hops++) {
    const definition = c.definitions.get(c.text.slice(node.from, node.to));
    if (!definition || definition.to > node.from) break;
    node = definition;
  }
  let children: ExprNode[] | undefined;
  return {
    name: node.type.isError ? '⚠' : node.name,
    start: node.from,
    end: node.to,
    get children() {
      children ??= childNodes(node).map((child) => view(child, c));
      return children;
    },
  };
}

/** Evaluates a value; when it is a bare helper name, the result keeps the span of the name. */
function valueAt(node: SyntaxNode, c: Collector): PyValueNode {
  const value = evaluate(view(node, c), c.text);
  return { ...value, start: node.from, end: node.to, ...(value.kind === 'expr' ? { text: c.text.slice(node.from, node.to) } : {}) };
}

function childNodes(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

interface Collector {
  readonly text: string;
  readonly assignments: PyAssignment[];
  readonly hooks: PyHook[];
  readonly imports: PyImport[];
  /** The value node of the last unconditional single-name assignment so far, by name. */
  readonly definitions: Map<string, SyntaxNode>;
}

/**
 * Never throws. Lezer builds its trees recursively, so brackets nested some ten thousand deep
 * overflow the stack inside the library; such a file gets one error instead of an analysis.
 */
export function parseGunicornConfig(text: string): PyConfig {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return {
      text,
      assignments: [],
      hooks: [],
      imports: [],
      comments: [],
      errors: [{ start: 0, end: Math.min(text.length, lineEnd(text, 0)), message: 'This file nests brackets or blocks too deeply to be analysed.' }],
      references: new Map(),
    };
  }
}

function parse(text: string): PyConfig {
  const tree = parser.parse(text);
  const collector: Collector = { text, assignments: [], hooks: [], imports: [], definitions: new Map() };
  const top = tree.topNode;
  for (const statement of childNodes(top)) visitStatement(statement, false, collector);
  const comments: PyComment[] = [];
  const references = new Map<string, Span[]>();
  const errors: PyParseError[] = [];
  const unclosed: Span[] = [];
  tree.iterate({
    enter(ref) {
      const node = ref.node;
      if (node.name === 'Comment') comments.push({ start: node.from, end: node.to, text: text.slice(node.from + 1, node.to) });
      else if (node.name === 'VariableName' && isReference(node)) {
        const name = text.slice(node.from, node.to);
        const list = references.get(name) ?? [];
        list.push({ start: node.from, end: node.to });
        references.set(name, list);
      } else if ((node.name === 'String' || node.name === 'FormatString') && !readStringToken(text.slice(node.from, node.to)).terminated) {
        unclosed.push({ start: node.from, end: node.to });
        errors.push(unclosedString(node, text));
      }
    },
  });
  collectErrors(tree.topNode, text, unclosed, errors);
  errors.sort((a, b) => a.start - b.start);
  return {
    text,
    assignments: collector.assignments,
    hooks: collector.hooks,
    imports: collector.imports,
    comments,
    errors: errors.slice(0, MAX_ERRORS),
    references,
  };
}

function visitStatement(node: SyntaxNode, conditional: boolean, c: Collector): void {
  switch (node.name) {
    case 'AssignStatement':
      return assignment(node, conditional, c);
    case 'UpdateStatement': {
      const [target, , value] = childNodes(node);
      if (target?.name !== 'VariableName') return;
      const valueNode: PyValueNode = value ? valueAt(value, c) : { kind: 'expr', text: '', start: node.to, end: node.to };
      c.definitions.delete(c.text.slice(target.from, target.to));
      c.assignments.push({ name: c.text.slice(target.from, target.to), nameSpan: span(target), value: valueNode, span: span(node), augmented: true, ...(conditional ? { conditional } : {}) });
      return;
    }
    case 'ImportStatement':
      pushAll(c.imports, importsOf(node, c.text));
      return;
    case 'FunctionDefinition':
      return hook(node, node, conditional, false, c);
    case 'DecoratedStatement': {
      const inner = childNodes(node).find((n) => n.name === 'FunctionDefinition');
      if (inner) hook(inner, node, conditional, true, c);
      return;
    }
    default:
      if (BLOCK_STATEMENTS.has(node.name)) for (const body of bodies(node)) for (const child of childNodes(body)) visitStatement(child, true, c);
  }
}

/** The statement blocks of a compound statement (`Body`), not entering nested scopes. */
function bodies(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const child of childNodes(node)) {
    if (child.name === 'Body') out.push(child);
    else if (!SCOPES.has(child.name) && child.firstChild && /Match|Clause/.test(child.name)) pushAll(out, bodies(child));
  }
  return out;
}

function span(node: SyntaxNode): Span {
  return { start: node.from, end: node.to };
}

/** `a = b = value`, `a, b = 1, 2`, `x: int = 3`: one assignment per bound name. */
function assignment(node: SyntaxNode, conditional: boolean, c: Collector): void {
  const groups: SyntaxNode[][] = [[]];
  for (const child of childNodes(node)) {
    if (child.name === 'AssignOp') groups.push([]);
    else if (child.name !== 'TypeDef' && child.name !== 'Comment') groups[groups.length - 1]!.push(child);
  }
  if (groups.length < 2) return;
  const valueNodes = groups.pop()!;
  const value = valueOf(valueNodes, node, c);
  for (const group of groups) {
    const targets = group.length === 1 && (group[0]!.name === 'TupleExpression' || group[0]!.name === 'ParenthesizedExpression') ? childNodes(group[0]!) : group;
    const names = targets.filter((t) => t.name !== ',' && t.name !== '(' && t.name !== ')');
    const items = value.kind === 'tuple' || value.kind === 'list' ? value.items : undefined;
    const unpack = names.length > 1 || targets.some((t) => t.name === ',');
    names.forEach((target, index) => {
      if (target.name !== 'VariableName') return;
      const item = !unpack ? value : items && items.length === names.length ? items[index]! : { kind: 'expr' as const, text: c.text.slice(value.start, value.end), start: value.start, end: value.end };
      c.assignments.push({ name: c.text.slice(target.from, target.to), nameSpan: span(target), value: item, span: span(node), augmented: false, ...(conditional ? { conditional } : {}) });
      const bound = c.text.slice(target.from, target.to);
      if (!unpack && !conditional && valueNodes.length === 1) c.definitions.set(bound, valueNodes[0]!);
      else c.definitions.delete(bound);
      const lambda = valueNodes.length === 1 && valueNodes[0]!.name === 'LambdaExpression' ? valueNodes[0] : undefined;
      if (lambda && !unpack) hookFromLambda(target, lambda, node, conditional, c);
    });
  }
}

function valueOf(nodes: readonly SyntaxNode[], statement: SyntaxNode, c: Collector): PyValueNode {
  const items = nodes.filter((n) => n.name !== ',');
  if (items.length === 0) return { kind: 'expr', text: '', start: statement.to, end: statement.to };
  if (items.length === 1 && nodes.length === 1) return valueAt(items[0]!, c);
  const start = nodes[0]!.from;
  const end = nodes[nodes.length - 1]!.to;
  return { kind: 'tuple', items: items.map((n) => valueAt(n, c)), start, end };
}

/** Positional parameters as gunicorn counts them (`*args`, `**kw` and keyword-only ones excluded). */
function parameters(list: SyntaxNode, text: string): { params: number; variadic: boolean } {
  let params = 0;
  let variadic = false;
  let keywordOnly = false;
  let expectName = true;
  let starName = false;
  for (const child of childNodes(list)) {
    const token = child.name;
    if (token === '(' || token === ')' || token === 'TypeDef' || token === 'Comment') continue;
    if (token === ',') {
      expectName = true;
      starName = false;
    } else if (token === '*' || token === '**') {
      keywordOnly = true;
      starName = true;
    } else if (token === 'VariableName' && expectName) {
      if (starName) variadic = true;
      else if (!keywordOnly) params++;
      expectName = false;
    }
  }
  return { params, variadic };
}

function hook(def: SyntaxNode, outer: SyntaxNode, conditional: boolean, decorated: boolean, c: Collector): void {
  const children = childNodes(def);
  const name = children.find((n) => n.name === 'VariableName');
  const list = children.find((n) => n.name === 'ParamList');
  if (!name) return;
  const { params, variadic } = list ? parameters(list, c.text) : { params: 0, variadic: false };
  c.hooks.push({
    name: c.text.slice(name.from, name.to),
    nameSpan: span(name),
    params,
    span: span(outer),
    ...(list ? { paramsSpan: span(list) } : {}),
    ...(variadic ? { variadic } : {}),
    ...(decorated ? { decorated } : {}),
    ...(conditional ? { conditional } : {}),
  });
}

function hookFromLambda(target: SyntaxNode, lambda: SyntaxNode, statement: SyntaxNode, conditional: boolean, c: Collector): void {
  const list = childNodes(lambda).find((n) => n.name === 'ParamList');
  const { params, variadic } = list ? parameters(list, c.text) : { params: 0, variadic: false };
  c.hooks.push({
    name: c.text.slice(target.from, target.to),
    nameSpan: span(target),
    params,
    span: span(statement),
    paramsSpan: list ? span(list) : { start: lambda.from, end: lambda.from + 6 },
    lambda: true,
    ...(variadic ? { variadic } : {}),
    ...(conditional ? { conditional } : {}),
  });
}

/** `import a.b as c, d` and `from .x import (y as z, w)` / `from x import *`. */
function importsOf(node: SyntaxNode, text: string): PyImport[] {
  const children = childNodes(node).filter((n) => n.name !== 'Comment');
  const word = (n: SyntaxNode) => text.slice(n.from, n.to);
  if (children[0]?.name === 'from') {
    const importAt = children.findIndex((n) => n.name === 'import');
    const module = children.slice(1, importAt === -1 ? undefined : importAt).map(word).join('');
    const names: string[] = [];
    let star = false;
    const rest = importAt === -1 ? [] : children.slice(importAt + 1);
    for (let i = 0; i < rest.length; i++) {
      const n = rest[i]!;
      if (n.name === '*') star = true;
      if (n.name !== 'VariableName') continue;
      if (rest[i + 1]?.name === 'as' && rest[i + 2]?.name === 'VariableName') {
        names.push(word(rest[i + 2]!));
        i += 2;
      } else names.push(word(n));
    }
    return [{ module, span: span(node), names, ...(star ? { star } : {}) }];
  }
  const out: PyImport[] = [];
  let parts: SyntaxNode[] = [];
  const flush = () => {
    const asAt = parts.findIndex((n) => n.name === 'as');
    const path = (asAt === -1 ? parts : parts.slice(0, asAt)).filter((n) => n.name === 'VariableName').map(word);
    const alias = asAt === -1 ? undefined : parts[asAt + 1];
    if (path.length > 0) out.push({ module: path.join('.'), span: span(node), names: [alias ? word(alias) : path[0]!] });
    parts = [];
  };
  for (const n of children.slice(1)) {
    if (n.name === ',') flush();
    else parts.push(n);
  }
  flush();
  return out;
}

/** A variable name that is read: not a binding target, definition, parameter or keyword argument. */
function isReference(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.name) {
    case 'AssignStatement':
    case 'UpdateStatement':
      for (let next = node.nextSibling; next; next = next.nextSibling) if (next.name === 'AssignOp' || next.name === 'UpdateOp') return false;
      return true;
    case 'FunctionDefinition':
    case 'ClassDefinition':
    case 'ParamList':
    case 'ImportStatement':
      return false;
    case 'ArgList':
      return node.nextSibling?.name !== 'AssignOp';
    default:
      return true;
  }
}

function unclosedString(node: SyntaxNode, text: string): PyParseError {
  const token = readStringToken(text.slice(node.from, node.to));
  const opening = node.from + token.prefix.length + token.quote.length;
  // A triple-quoted string runs to the end of the file: underline only its opening quotes.
  const end = token.quote.length === 3 ? opening : node.to;
  return { start: node.from, end: Math.max(end, opening), message: `This string is never closed; add the closing ${token.quote}.` };
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

/** Lezer's error nodes, unclosed brackets and indented top-level statements, with messages. */
function collectErrors(top: SyntaxNode, text: string, unclosed: readonly Span[], errors: PyParseError[]): void {
  const inString = (offset: number) => unclosed.some((s) => offset >= s.start && offset <= s.end);
  const reportedBrackets = new Set<number>();
  // Depth-first in document order, with an explicit stack (trees may be thousands deep).
  const stack: SyntaxNode[] = [top];
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const node = stack.pop()!;
    if (node !== top && node.type.isError) {
      if (!inString(node.from)) errors.push(describeError(node, text, reportedBrackets));
      continue;
    }
    const children = childNodes(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  for (const statement of childNodes(top)) {
    if (statement.type.isError || statement.name === 'Comment') continue;
    const lineStart = lineStartAt(text, statement.from);
    const indent = text.slice(lineStart, statement.from);
    if (indent !== '' && /^[ \t\f]+$/.test(indent) && !inString(statement.from)) {
      errors.push({ start: statement.from, end: Math.min(statement.to, lineEnd(text, statement.from)), message: 'This line is indented but not inside a block; Python stops with an IndentationError. Remove the indentation.' });
    }
  }
}

function describeError(node: SyntaxNode, text: string, brackets: Set<number>): PyParseError {
  const parent = node.parent;
  const open = parent?.firstChild;
  const opener = open ? text.slice(open.from, open.to) : '';
  const closer = BRACKETS.get(opener);
  if (parent && open && closer && !text.slice(parent.from, parent.to).trimEnd().endsWith(closer) && !brackets.has(open.from)) {
    brackets.add(open.from);
    return { start: open.from, end: open.to, message: `This ${opener} is never closed; add the matching ${closer}.` };
  }
  if (node.from < node.to) {
    const shown = text.slice(node.from, Math.min(node.to, lineEnd(text, node.from), node.from + 30));
    return { start: node.from, end: node.to, message: `Python cannot parse \`${shown}\` here.` };
  }
  const previous = node.prevSibling;
  if (previous?.name === 'AssignOp' || previous?.name === 'UpdateOp') {
    const written = text.slice(parent?.name === 'AssignStatement' || parent?.name === 'UpdateStatement' ? parent.from : previous.from, previous.to);
    return { start: previous.from, end: previous.to, message: `\`${written.slice(0, 40)}\` has no value; complete the assignment.` };
  }
  if (parent?.name === 'Body' && previous?.name === ':') {
    return { start: previous.from, end: previous.to, message: 'This block is empty; Python expects an indented statement after the colon (use `pass`).' };
  }
  const after = /^[^\s]+/.exec(text.slice(node.from, lineEnd(text, node.from)));
  if (after) return { start: node.from, end: node.from + after[0].length, message: `Python does not expect \`${after[0].slice(0, 30)}\` here.` };
  const before = text.slice(0, node.from).trimEnd().length;
  return { start: Math.max(0, before - 1), end: Math.max(before, Math.min(node.from, text.length)), message: 'This statement is incomplete.' };
}
