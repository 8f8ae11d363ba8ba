/**
 * Parse errors, in nginx's own words where it has them (`unexpected "}"`, `directive "x" is
 * not terminated by ";"`), plus block/terminator mismatches that need the directive table:
 * a block directive ended by `;`, or a simple directive followed by `{`.
 *
 *     server { listen 80 }        # flagged: directive "listen" is not terminated by ";"
 *     server { listen 80; }       # fine
 */
import { lookupDirective } from '../../../knowledge/nginx';
import { defineNginxRule } from '../../rule';

export default defineNginxRule({
  id: 'nginx/syntax',
  meta: { failure: 'startup', description: 'The file must parse the way nginx parses it.', severity: 'error' },
  messages: {
    parse: '{{message}}',
    noOpeningBrace: 'directive "{{name}}" has no opening "{": it takes a block.',
    notTerminated: 'directive "{{name}}" is not terminated by ";": it does not take a block.',
  },
  create(context) {
    return {
      '*'(node) {
        const directive = node.directive;
        if (node.context === undefined && node.parent === undefined && context.model.topContext === undefined) return;
        const spec = lookupDirective(node.name);
        if (!spec || !directive.terminator) return;
        const here = node.context;
        let blocks = 0;
        let simple = 0;
        for (const form of spec.forms) {
          if (here && !form.contexts.includes(here)) continue;
          if (form.block) blocks++;
          else simple++;
        }
        if (blocks + simple === 0) return;
        if (directive.terminator === ';' && simple === 0) {
          context.report({ node, span: directive.name, messageId: 'noOpeningBrace', data: { name: node.name } });
        } else if (directive.terminator === '{' && blocks === 0) {
          context.report({ node, span: directive.name, messageId: 'notTerminated', data: { name: node.name } });
        }
      },
      ':exit'() {
        for (const file of context.model.files.values()) {
          for (const error of file.ast.errors) {
            context.report({ file, span: error, messageId: 'parse', data: { message: error.message } });
          }
        }
      },
    };
  },
});
