/**
 * The semantic model of one nginx configuration: the syntax trees of the main file and of
 * everything it includes, spliced together as nginx sees them (an included file's
 * directives sit where the `include` is), each directive with its context.
 */
import type { NginxContext } from '../../knowledge/nginx/types';
import type { Settings } from '../../settings';
import { basename, dirname } from '../../text/paths';
import type { ServiceHost, Span } from '../../types';
import { resolveInclude } from '../../workspace/includes';
import type { Directive, NginxFile } from './ast';
import { childContext, inferFileContext } from './context';
import { pushAll } from '../../arrays';

export interface SourceFile {
  readonly path: string;
  readonly text: string;
  readonly ast: NginxFile;
  /** A Debian stock file that is not in the workspace; never reported on or edited. */
  readonly virtual: boolean;
}

export interface ConfigNode {
  readonly directive: Directive;
  readonly name: string;
  readonly file: SourceFile;
  /** The context this directive sits in; undefined when it cannot be known. */
  readonly context: NginxContext | undefined;
  /** The block directive that encloses this one (after include splicing). */
  readonly parent: ConfigNode | undefined;
  /** The body of a directive block, with included files spliced in after their `include`. */
  readonly children: readonly ConfigNode[];
  /** For nodes that came from an included file: the `include` that brought them. */
  readonly includedBy: ConfigNode | undefined;
  /** For `include` directives: the files it brought in. */
  readonly includedFiles?: readonly string[];
}

export type ModelProblemKind = 'include-missing' | 'include-cycle' | 'include-limit' | 'nesting-limit' | 'file-too-large' | 'file-unreadable';

export interface ModelProblem {
  readonly kind: ModelProblemKind;
  /** For include cycles: the cycle goes through a glob (nginx then includes the file ~1000 times silently). */
  readonly viaGlob?: boolean;
  readonly file: string;
  readonly span: Span;
  readonly message: string;
}

export interface NginxModel {
  readonly main: SourceFile;
  /** The context of the main file's top level; undefined for a fragment of unknown context. */
  readonly topContext: NginxContext | undefined;
  readonly top: readonly ConfigNode[];
  readonly files: ReadonlyMap<string, SourceFile>;
  readonly problems: readonly ModelProblem[];
  /** `upstream` blocks by lower-cased name (nginx compares upstream names case-insensitively). */
  readonly upstreams: ReadonlyMap<string, ConfigNode>;
  /** Variables defined by map, geo, set, split_clients, named regex captures, … */
  readonly definedVariables: ReadonlySet<string>;
}

export interface BuildOptions {
  readonly host: ServiceHost;
  readonly settings: Settings;
  readonly parse: (path: string, text: string) => NginxFile;
  /** Folder of the main nginx.conf, for include resolution; defaults to the main file's folder. */
  readonly confDir?: string;
  /** Context of the main file's top level, when known from outside. */
  readonly topContext?: NginxContext;
}

const MAX_DEPTH = 100;
const NO_CHILDREN: readonly ConfigNode[] = Object.freeze([]);
/** Directives that define a variable, and which of their arguments names it. */
const VARIABLE_DEFINERS = new Map<string, (count: number) => number>([
  ['map', () => 1],
  ['geo', (count) => count - 1],
  ['split_clients', () => 1],
  ['set', () => 0],
  ['perl_set', () => 0],
  ['js_set', () => 0],
  ['set_by_lua', () => 0],
  ['set_by_lua_block', () => 0],
  ['set_by_lua_file', () => 0],
  ['auth_request_set', () => 0],
  ['auth_jwt_claim_set', () => 0],
]);

/** The argument of a `name` directive that names the variable it defines (map's second, set's first, …). */
export function definedVariableArg<T>(name: string, args: readonly T[]): T | undefined {
  const index = VARIABLE_DEFINERS.get(name);
  return index === undefined ? undefined : args[index(args.length)];
}
const NAMED_CAPTURE = /\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g;

export function buildNginxModel(mainPath: string, options: BuildOptions): NginxModel {
  return new ModelBuilder(mainPath, options).build();
}

class ModelBuilder {
  private readonly files = new Map<string, SourceFile>();
  private readonly problems: ModelProblem[] = [];
  private readonly upstreams = new Map<string, ConfigNode>();
  private readonly definedVariables = new Set<string>();
  private splices = 0;
  private spliceLimitReported = false;

  constructor(
    private readonly mainPath: string,
    private readonly options: BuildOptions,
  ) {}

  build(): NginxModel {
    const main = this.load(this.mainPath, undefined) ?? this.emptyFile(this.mainPath);
    const topContext = this.options.topContext ?? inferFileContext(main.ast, basename(this.mainPath));
    const top = this.buildLevel(main.ast.directives, main, topContext, undefined, 0, [main.path], undefined);
    return {
      main,
      topContext,
      top,
      files: this.files,
      problems: this.problems,
      upstreams: this.upstreams,
      definedVariables: this.definedVariables,
    };
  }

  private emptyFile(path: string): SourceFile {
    return { path, text: '', ast: { text: '', directives: [], comments: [], errors: [] }, virtual: false };
  }

  /** Reads and parses a file once; undefined (with a problem recorded) when it cannot be used. */
  private load(path: string, includedAt: ConfigNode | undefined): SourceFile | undefined {
    const cached = this.files.get(path);
    if (cached) return cached;
    const { host, settings } = this.options;
    const stat = host.stat(path);
    if (stat && stat.size > settings.maxFileSize) {
      const at = includedAt ?? undefined;
      this.problems.push({
        kind: 'file-too-large',
        file: at ? at.file.path : path,
        span: at ? at.directive : { start: 0, end: 0 },
        message: `${path} is ${formatSize(stat.size)}, larger than the ${formatSize(settings.maxFileSize)} limit (setting wsconf.maxFileSize); it was not analysed.`,
      });
      return undefined;
    }
    const text = host.readFile(path);
    if (text === undefined) {
      if (includedAt) {
        this.problems.push({ kind: 'file-unreadable', file: includedAt.file.path, span: includedAt.directive, message: `${path} cannot be read.` });
      }
      return undefined;
    }
    const file: SourceFile = { path, text, ast: this.options.parse(path, text), virtual: false };
    this.files.set(path, file);
    return file;
  }

  private buildLevel(
    directives: readonly Directive[],
    file: SourceFile,
    context: NginxContext | undefined,
    parent: ConfigNode | undefined,
    depth: number,
    includeStack: readonly string[],
    includedBy: ConfigNode | undefined,
  ): ConfigNode[] {
    const out: ConfigNode[] = [];
    for (const directive of directives) {
      const name = directive.name.value;
      const node: { -readonly [K in keyof ConfigNode]: ConfigNode[K] } = {
        directive,
        name,
        file,
        context,
        parent,
        children: NO_CHILDREN,
        includedBy,
        includedFiles: undefined,
      };
      out.push(node);
      this.record(node);
      if (name === 'include' && directive.args.length === 1) {
        const spliced = this.splice(node, depth, includeStack);
        node.includedFiles = spliced.files;
        pushAll(out, spliced.nodes);
      }
      const block = directive.block;
      if (block && block.kind === 'entries') this.recordEntries(block.children);
      if (block && block.kind === 'directives' && block.children.length > 0) {
        if (depth >= MAX_DEPTH) {
          this.problems.push({
            kind: 'nesting-limit',
            file: file.path,
            span: directive.name,
            message: `Blocks are nested more than ${MAX_DEPTH} levels deep here; the inner levels were not analysed.`,
          });
          continue;
        }
        node.children = this.buildLevel(block.children, file, childContext(name, context), node, depth + 1, includeStack, undefined);
      }
    }
    // An exact-size copy: a list grown by push() keeps room for about 16 more entries, and a
    // large configuration has thousands of small blocks.
    return out.slice();
  }

  private splice(include: ConfigNode, depth: number, includeStack: readonly string[]): { files: string[]; nodes: ConfigNode[] } {
    const { host, settings } = this.options;
    const pattern = include.directive.args[0]!.value;
    const resolution = resolveInclude(pattern, {
      host,
      confDir: this.options.confDir ?? dirname(this.mainPath),
      prefix: settings.nginxPrefix,
      maxFiles: settings.maxIncludedFiles,
    });
    const nodes: ConfigNode[] = [];
    const files: string[] = [];
    const viaGlob = /[*?[]/.test(pattern);
    const problem = (kind: ModelProblemKind, message: string) =>
      this.problems.push({ kind, file: include.file.path, span: include.directive.args[0]!, message, ...(viaGlob ? { viaGlob } : {}) });

    if (resolution.kind === 'missing') {
      problem('include-missing', `"${pattern}" is not in this workspace, so what it holds was not analysed (nginx will fail to start if the server lacks it too).`);
      return { files, nodes };
    }
    let sources: SourceFile[] = [];
    if (resolution.kind === 'stock') {
      if (resolution.content === undefined) return { files, nodes };
      const existing = this.files.get(resolution.path);
      const virtual: SourceFile = existing ?? {
        path: resolution.path,
        text: resolution.content,
        ast: this.options.parse(resolution.path, resolution.content),
        virtual: true,
      };
      this.files.set(virtual.path, virtual);
      sources = [virtual];
    } else {
      if (resolution.truncatedFrom !== undefined) {
        problem('include-limit', `"${pattern}" matches ${resolution.truncatedFrom} files; only the first ${resolution.paths.length} were analysed (setting maxIncludedFiles).`);
      }
      for (const path of resolution.paths) {
        if (includeStack.includes(path)) {
          problem('include-cycle', `Including "${pattern}" here makes ${path} include itself (${[...includeStack.slice(includeStack.indexOf(path)), path].map(basename).join(' → ')}); nginx would recurse without end.`);
          continue;
        }
        const file = this.load(path, include);
        if (file) sources.push(file);
      }
    }
    for (const file of sources) {
      files.push(file.path);
      if (++this.splices > settings.maxIncludedFiles) {
        if (!this.spliceLimitReported) {
          this.spliceLimitReported = true;
          problem('include-limit', `More than ${settings.maxIncludedFiles} files are included in all; the rest were not analysed (setting maxIncludedFiles).`);
        }
        break;
      }
      pushAll(nodes, this.buildLevel(file.ast.directives, file, include.context, include.parent, depth, [...includeStack, file.path], include));
    }
    return { files, nodes };
  }

  /** Table rows are not nodes, but a `~regex` row of a map may define named captures. */
  private recordEntries(entries: readonly Directive[]): void {
    for (const entry of entries) {
      if (entry.name.value.includes('(?')) {
        for (const match of entry.name.value.matchAll(NAMED_CAPTURE)) this.definedVariables.add(match[1]!);
      }
    }
  }

  private record(node: ConfigNode): void {
    const args = node.directive.args;
    if (node.name === 'upstream' && args.length > 0 && (node.context === 'http' || node.context === undefined)) {
      const key = args[0]!.value.toLowerCase();
      if (!this.upstreams.has(key)) this.upstreams.set(key, node);
    }
    const variable = definedVariableArg(node.name, args)?.value;
    if (variable?.startsWith('$')) this.definedVariables.add(variable.slice(1));
    for (const arg of args) {
      if (arg.value.includes('(?')) {
        for (const match of arg.value.matchAll(NAMED_CAPTURE)) this.definedVariables.add(match[1]!);
      }
    }
  }
}

function formatSize(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return bytes >= 1000 ? `${Math.round(bytes / 1000)} kB` : `${bytes} bytes`;
}

/** Calls `visit` on every node of the model in document order (pre-order), spliced ones included. */
export function forEachNode(nodes: readonly ConfigNode[], visit: (node: ConfigNode) => void): void {
  const lists: (readonly ConfigNode[])[] = [nodes];
  const indexes: number[] = [0];
  while (lists.length > 0) {
    const top = lists.length - 1;
    const list = lists[top]!;
    const index = indexes[top]!;
    if (index >= list.length) {
      lists.pop();
      indexes.pop();
      continue;
    }
    indexes[top] = index + 1;
    const node = list[index]!;
    visit(node);
    if (node.children.length > 0) {
      lists.push(node.children);
      indexes.push(0);
    }
  }
}

/** Every node in document order, as an iterator (for searches that stop early). */
export function* walkNodes(nodes: readonly ConfigNode[]): Generator<ConfigNode> {
  for (const node of nodes) {
    yield node;
    if (node.children.length > 0) yield* walkNodes(node.children);
  }
}
