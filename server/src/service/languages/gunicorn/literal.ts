/**
 * Evaluates Python literals of a gunicorn.conf.py without running anything: strings
 * (prefixed, concatenated, f-strings whose parts are known), numbers, booleans, None, lists,
 * tuples and dicts. Environment look-ups (`os.environ.get("X", d)`, `os.getenv`,
 * `environ["X"]`, wrapped in `int(...)`/`str(...)`/`float(...)`, or formatted into a string)
 * become an expression that remembers the variable and the value it falls back to. Anything
 * else is an expression the rules must treat as unknown.
 *
 * It works on `ExprNode`, our own view of a syntax node, so that the parser adapter stays the
 * only module that knows Lezer; node names are those of the Python grammar.
 */
import type { Span } from '../../types';
import type { PyValue, PyValueNode } from './model';

export interface ExprNode extends Span {
  /** Grammar node name (`String`, `CallExpression`, `,`…); `⚠` for a parse error. */
  readonly name: string;
  readonly children: readonly ExprNode[];
}

const ENV_GETTERS = new Set(['os.environ.get', 'environ.get', 'os.getenv', 'getenv']);
const ENV_MAPPINGS = new Set(['os.environ', 'environ']);
const CONVERTERS = new Set(['int', 'str', 'float']);
const PUNCTUATION = new Set([',', '(', ')', '[', ']', '{', '}', ':']);
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
});

export interface StringToken {
  readonly prefix: string;
  readonly quote: string;
  readonly terminated: boolean;
  /** The text between the quotes, as written. */
  readonly body: string;
}

/** Splits one string token (`rb'…'`, `"""…"""`) into prefix, quote and body. */
export function readStringToken(raw: string): StringToken {
  const prefix = /^[rRbBuUfF]{0,2}/.exec(raw)![0];
  const rest = raw.slice(prefix.length);
  const quote = rest.startsWith('"""') || rest.startsWith("'''") ? rest.slice(0, 3) : rest.slice(0, 1);
  const terminated = quote !== '' && rest.length >= 2 * quote.length && rest.endsWith(quote) && !escapedAt(rest, rest.length - quote.length);
  const body = terminated ? rest.slice(quote.length, rest.length - quote.length) : rest.slice(quote.length);
  return { prefix, quote, terminated, body };
}

/** Whether the character at `index` is preceded by an odd number of backslashes. */
function escapedAt(text: string, index: number): boolean {
  let count = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

/** Python's escape sequences; undefined for `\N{…}`, which needs the Unicode name table. */
export function unescapePython(body: string): string | undefined {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const next = body[i + 1]!;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hex > 0 && /^[0-9a-fA-F]+$/.test(body.slice(i + 2, i + 2 + hex)) && i + 2 + hex <= body.length) {
      out += String.fromCodePoint(parseInt(body.slice(i + 2, i + 2 + hex), 16));
      i += 1 + hex;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1));
    if (octal) {
      out += String.fromCharCode(parseInt(octal[0], 8));
      i += octal[0].length;
      continue;
    }
    if (next === 'N') return undefined;
    out += c;
  }
  return out;
}

/** The value of a plain (non-f, non-bytes) string token, or undefined. */
function stringValue(raw: string): string | undefined {
  const token = readStringToken(raw);
  const prefix = token.prefix.toLowerCase();
  if (!token.terminated || prefix.includes('b') || prefix.includes('f')) return undefined;
  return prefix.includes('r') ? token.body : unescapePython(token.body);
}

/** Python's int()/float() literal syntax: `1_000`, `0x1F`, `0o17`, `0b1`, `1.5e3`. */
export function numberValue(raw: string): { kind: 'int' | 'float'; value: number } | undefined {
  const text = raw.replace(/_/g, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return { kind: 'int', value: parseInt(text.slice(2), 16) };
  if (/^0[oO][0-7]+$/.test(text)) return { kind: 'int', value: parseInt(text.slice(2), 8) };
  if (/^0[bB][01]+$/.test(text)) return { kind: 'int', value: parseInt(text.slice(2), 2) };
  if (/^(0+|[1-9]\d*)$/.test(text)) return { kind: 'int', value: Number(text) };
  if (/^(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(text)) return { kind: 'float', value: Number(text) };
  return undefined;
}

const significant = (node: ExprNode) => node.children.filter((c) => !PUNCTUATION.has(c.name) && c.name !== 'Comment');

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

function expr(node: Span, text: string, env?: { envVar?: string; envDefault?: PyValueNode }): PyValueNode {
  const value: PyValue = { kind: 'expr', text: text.slice(node.start, node.end), ...(env?.envVar !== undefined ? { envVar: env.envVar } : {}), ...(env?.envDefault ? { envDefault: env.envDefault } : {}) };
  return { ...value, start: node.start, end: node.end };
}

/** Iterative: a list nested thousands deep must not overflow the stack. */
function hasError(node: ExprNode): boolean {
  const stack: ExprNode[] = [node];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next.name === '⚠') return true;
    for (const child of next.children) stack.push(child);
  }
  return false;
}

/**
 * Values nested deeper than this (lists in lists, helper names that stand for helper names…)
 * are expressions: no real config nests so deep, and the evaluation recurses.
 */
const MAX_DEPTH = 100;
let depth = 0;

/** Evaluates one expression node; `text` is the whole file. */
export function evaluate(node: ExprNode, text: string): PyValueNode {
  if (depth >= MAX_DEPTH || hasError(node)) return expr(node, text);
  depth++;
  try {
    return evaluateNode(node, text);
  } finally {
    depth--;
  }
}

function evaluateNode(node: ExprNode, text: string): PyValueNode {
  const span = { start: node.start, end: node.end };
  switch (node.name) {
    case 'String': {
      const value = stringValue(text.slice(node.start, node.end));
      return value === undefined ? expr(node, text) : { kind: 'str', value, ...span };
    }
    case 'ContinuedString':
    case 'FormatString':
      return concatenation(node, node.name === 'FormatString' ? [node] : node.children.filter((c) => c.name !== 'Comment'), text);
    case 'Number': {
      const number = numberValue(text.slice(node.start, node.end));
      return number ? { ...number, ...span } : expr(node, text);
    }
    case 'Boolean':
      return { kind: 'bool', value: text.slice(node.start, node.end) === 'True', ...span };
    case 'None':
      return { kind: 'none', ...span };
    case 'UnaryExpression': {
      const [op, operand] = node.children;
      const sign = op && text.slice(op.start, op.end);
      const inner = operand && (sign === '-' || sign === '+') ? evaluate(operand, text) : undefined;
      if (inner && (inner.kind === 'int' || inner.kind === 'float')) return { kind: inner.kind, value: sign === '-' ? -inner.value : inner.value, ...span };
      return expr(node, text);
    }
    case 'ParenthesizedExpression': {
      const inner = significant(node);
      return inner.length === 1 ? { ...evaluate(inner[0]!, text), ...span } : expr(node, text);
    }
    case 'ArrayExpression':
    case 'TupleExpression': {
      const items = significant(node);
      if (items.some((i) => i.name === '*' || i.name === 'ForClause')) return expr(node, text);
      return { kind: node.name === 'ArrayExpression' ? 'list' : 'tuple', items: items.map((i) => evaluate(i, text)), ...span };
    }
    case 'DictionaryExpression':
      return dictionary(node, text);
    case 'CallExpression':
    case 'MemberExpression':
      return environment(node, text) ?? expr(node, text);
    case 'BinaryExpression':
      return binary(node, text) ?? expr(node, text);
    default:
      return expr(node, text);
  }
}

function dictionary(node: ExprNode, text: string): PyValueNode {
  const parts = node.children.filter((c) => c.name !== '{' && c.name !== '}' && c.name !== 'Comment');
  const entries: { key: PyValueNode; value: PyValueNode }[] = [];
  for (let i = 0; i < parts.length; ) {
    const key = parts[i];
    const colon = parts[i + 1];
    const value = parts[i + 2];
    if (!key || colon?.name !== ':' || !value || key.name === '**') return expr(node, text);
    entries.push({ key: evaluate(key, text), value: evaluate(value, text) });
    i += 3;
    if (parts[i]?.name === ',') i++;
  }
  return { kind: 'dict', entries, start: node.start, end: node.end };
}

/** A string value, or an environment expression whose default is a string or number. */
function asText(value: PyValueNode): { text: string; envVar?: string } | undefined {
  if (value.kind === 'str') return { text: value.value };
  if (value.kind === 'int' || value.kind === 'float') return { text: String(value.value) };
  if (value.kind === 'expr' && value.envDefault) {
    const inner = asText(value.envDefault);
    return inner && { text: inner.text, ...(value.envVar !== undefined ? { envVar: value.envVar } : {}) };
  }
  return undefined;
}

/** Adjacent strings and f-strings; known only when every part is. */
function concatenation(node: ExprNode, parts: readonly ExprNode[], text: string): PyValueNode {
  let value = '';
  let envVar: string | undefined;
  for (const part of parts) {
    const raw = text.slice(part.start, part.end);
    if (part.name === 'String') {
      const piece = stringValue(raw);
      if (piece === undefined) return expr(node, text);
      value += piece;
      continue;
    }
    if (part.name !== 'FormatString') return expr(node, text);
    const rendered = formatString(part, text);
    if (!rendered) return expr(node, text);
    value += rendered.text;
    envVar ??= rendered.envVar;
  }
  const span = { start: node.start, end: node.end };
  return envVar === undefined ? { kind: 'str', value, ...span } : expr(node, text, { envVar, envDefault: { kind: 'str', value, ...span } });
}

/** An f-string whose replacements are literals or environment look-ups with defaults. */
function formatString(node: ExprNode, text: string): { text: string; envVar?: string } | undefined {
  const token = readStringToken(text.slice(node.start, node.end));
  if (!token.terminated || token.prefix.toLowerCase().includes('b')) return undefined;
  const raw = token.prefix.toLowerCase().includes('r');
  const bodyStart = node.start + token.prefix.length + token.quote.length;
  let out = '';
  let envVar: string | undefined;
  let cursor = bodyStart;
  const literal = (from: number, to: number): string | undefined => {
    const piece = text.slice(from, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    return raw ? piece : unescapePython(piece);
  };
  for (const replacement of node.children.filter((c) => c.name === 'FormatReplacement')) {
    const before = literal(cursor, replacement.start);
    const inner = significant(replacement).filter((c) => c.name !== '{' && c.name !== '}');
    if (before === undefined || inner.length !== 1) return undefined;
    const part = asText(evaluate(inner[0]!, text));
    if (!part) return undefined;
    out += before + part.text;
    envVar ??= part.envVar;
    cursor = replacement.end;
  }
  const after = literal(cursor, node.end - token.quote.length);
  if (after === undefined) return undefined;
  return { text: out + after, ...(envVar !== undefined ? { envVar } : {}) };
}

/** `os.environ.get("X", d)`, `os.getenv("X")`, `environ["X"]`, and int()/str()/float() around them. */
function environment(node: ExprNode, text: string): PyValueNode | undefined {
  const [callee, args] = node.children;
  if (!callee) return undefined;
  if (node.name === 'MemberExpression') {
    const key = node.children.find((c) => c.name === 'String');
    if (!key || !ENV_MAPPINGS.has(compact(text.slice(callee.start, callee.end)))) return undefined;
    const name = stringValue(text.slice(key.start, key.end));
    return name === undefined ? undefined : expr(node, text, { envVar: name });
  }
  if (args?.name !== 'ArgList') return undefined;
  const callName = compact(text.slice(callee.start, callee.end));
  const positional = significant(args);
  if (positional.some((a) => a.name === 'AssignOp' || a.name === '*' || a.name === '**')) {
    return keywordDefault(node, callName, args, text);
  }
  if (ENV_GETTERS.has(callName) && positional.length >= 1 && positional.length <= 2) {
    const name = positional[0]!.name === 'String' ? stringValue(text.slice(positional[0]!.start, positional[0]!.end)) : undefined;
    if (name === undefined) return undefined;
    const fallback = positional[1] ? evaluate(positional[1], text) : ({ kind: 'none', start: node.end, end: node.end } as const);
    return expr(node, text, { envVar: name, envDefault: fallback });
  }
  if (CONVERTERS.has(callName) && positional.length === 1) {
    const inner = evaluate(positional[0]!, text);
    if (inner.kind !== 'expr' || inner.envVar === undefined) return undefined;
    const converted = inner.envDefault && convert(callName, inner.envDefault);
    return expr(node, text, { envVar: inner.envVar, ...(converted ? { envDefault: converted } : {}) });
  }
  return undefined;
}

/** `os.getenv("X", default="8")`. */
function keywordDefault(node: ExprNode, callName: string, args: ExprNode, text: string): PyValueNode | undefined {
  if (callName !== 'os.getenv' && callName !== 'getenv') return undefined;
  const parts = significant(args);
  const [first, keyword, op, value] = parts;
  if (first?.name !== 'String' || keyword?.name !== 'VariableName' || op?.name !== 'AssignOp' || !value || parts.length !== 4) return undefined;
  if (text.slice(keyword.start, keyword.end) !== 'default') return undefined;
  const name = stringValue(text.slice(first.start, first.end));
  return name === undefined ? undefined : expr(node, text, { envVar: name, envDefault: evaluate(value, text) });
}

/** What int()/str()/float() would make of a literal default, or undefined if Python would raise. */
function convert(to: string, value: PyValueNode): PyValueNode | undefined {
  const span = { start: value.start, end: value.end };
  if (to === 'str') {
    if (value.kind === 'str') return value;
    if (value.kind === 'int' || value.kind === 'float') return { kind: 'str', value: String(value.value), ...span };
    return undefined;
  }
  if (value.kind === 'int' || value.kind === 'float') return to === 'int' ? { kind: 'int', value: Math.trunc(value.value), ...span } : { kind: 'float', value: value.value, ...span };
  if (value.kind !== 'str') return undefined;
  const trimmed = value.value.trim();
  if (to === 'int') return /^[+-]?\d[\d_]*$/.test(trimmed) ? { kind: 'int', value: Number(trimmed.replace(/_/g, '')), ...span } : undefined;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed) ? { kind: 'float', value: Number(trimmed), ...span } : undefined;
}

/** `"a" + os.environ.get("B", "b")` and `"host:%s" % os.getenv("PORT", "8000")`. */
function binary(node: ExprNode, text: string): PyValueNode | undefined {
  const [left, op, right] = node.children;
  if (!left || !op || !right || node.children.length !== 3) return undefined;
  const operator = text.slice(op.start, op.end);
  const a = evaluate(left, text);
  if (operator === '+') {
    const b = evaluate(right, text);
    if (a.kind === 'str' && b.kind === 'str') return { kind: 'str', value: a.value + b.value, start: node.start, end: node.end };
    const [x, y] = [a.kind === 'expr' || a.kind === 'str' ? asText(a) : undefined, b.kind === 'expr' || b.kind === 'str' ? asText(b) : undefined];
    const envVar = x?.envVar ?? y?.envVar;
    if (!x || !y || envVar === undefined) return undefined;
    return expr(node, text, { envVar, envDefault: { kind: 'str', value: x.text + y.text, start: node.start, end: node.end } });
  }
  if (operator === '%' && a.kind === 'str') {
    const b = evaluate(right, text);
    const values = b.kind === 'tuple' ? b.items : [b];
    const parts = values.map(asText);
    let index = 0;
    let ok = true;
    const rendered = a.value.replace(/%([sdi%])/g, (_, spec: string) => {
      if (spec === '%') return '%';
      const part = parts[index++];
      if (!part) ok = false;
      return part?.text ?? '';
    });
    if (!ok || index !== parts.length || /%[^sdi%]/.test(a.value)) return undefined;
    const envVar = parts.find((p) => p?.envVar !== undefined)?.envVar;
    const value: PyValueNode = { kind: 'str', value: rendered, start: node.start, end: node.end };
    return envVar === undefined ? value : expr(node, text, { envVar, envDefault: value });
  }
  return undefined;
}
