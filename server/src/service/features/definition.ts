/**
 * Go to definition (architecture §4.8): an upstream name in `proxy_pass http://NAME` or
 * `uwsgi_pass NAME` jumps to its `upstream` block (in whichever file of the deployment holds
 * it), an `include` argument to the file(s) it brings in, and a `$variable` defined by `map`,
 * `geo` or `set` to that definition. Results are plain data (file + spans); the adapter turns
 * them into LSP locations.
 */
import type { NginxModel } from '../languages/nginx/model';
import type { Span } from '../types';
import { argAt, findUpstream, upstreamNameIn, variableAt, variableDefinitions } from './cursor';

export interface DefinitionTarget {
  readonly file: string;
  /** The whole definition (the block, or the start of an included file). */
  readonly span: Span;
  /** The part to select (the upstream's name, the variable). */
  readonly selection: Span;
  /** The text under the cursor that was resolved. */
  readonly origin: Span;
}

export function findDefinition(model: NginxModel, path: string, offset: number): DefinitionTarget[] {
  const file = model.files.get(path);
  if (!file) return [];
  const hit = argAt(model, file, offset);
  if (!hit || hit.index < 0) return [];

  // nginx expands variables inside both kinds of quotes.
  const variable = variableAt(file.text, hit.arg, offset);
  if (variable) {
    return variableDefinitions(model, variable.name)
      .filter(({ node }) => !node.file.virtual)
      .map(({ node, arg }) => ({
        file: node.file.path,
        span: { start: node.directive.start, end: node.directive.end },
        selection: { start: arg.start, end: arg.end },
        origin: variable.span,
      }));
  }

  if (hit.index === 0 && hit.directive.name.value === 'include' && hit.node?.includedFiles) {
    const files = hit.node.includedFiles.filter((p) => model.files.get(p)?.virtual !== true);
    const origin = { start: hit.arg.start, end: hit.arg.end };
    return files.map((target) => ({ file: target, span: { start: 0, end: 0 }, selection: { start: 0, end: 0 }, origin }));
  }

  if (hit.index === 0) {
    const name = upstreamNameIn(hit.directive.name.value, file.text, hit.arg);
    if (name && offset >= name.span.start && offset <= name.span.end) {
      const upstream = findUpstream(model, name.name);
      const nameArg = upstream?.directive.args[0];
      if (upstream && nameArg && !upstream.file.virtual) {
        return [
          {
            file: upstream.file.path,
            span: { start: upstream.directive.start, end: upstream.directive.end },
            selection: { start: nameArg.start, end: nameArg.end },
            origin: name.span,
          },
        ];
      }
    }
  }
  return [];
}
