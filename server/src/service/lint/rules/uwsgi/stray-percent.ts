/**
 * uWSGI expands `%` magic variables (`%d`, `%n`, `%k`, …) over the whole file before it reads
 * any line, and `%` always swallows the character after it. Verified on 2.0.21: a `%` at the
 * end of a line swallows the line break, so the next line joins this one (after
 * `# load 100%`, the following `master = true` became part of the comment); a `%` before a
 * letter that is not a magic variable (`%q`) vanishes together with that letter. `%%` is a
 * literal percent sign.
 *
 *     # up to 100%                 # flagged: the next line is lost
 *     # up to 100%%                # fine
 */
import { defineUwsgiRule } from '../../file-rule';

/** The magic variables of uWSGI 2.0 (`%(` placeholders and `%%` are handled by the parser). */
const MAGIC = new Set('0123456789bcdeghijknopstuvxCDEGIJNOPSTUVX['.split(''));

export default defineUwsgiRule({
  id: 'uwsgi/stray-percent',
  meta: { failure: 'runtime', description: 'A literal % must be written %%: uWSGI reads % plus the next character as a magic variable.', severity: 'warning', fixable: 'fix' },
  messages: {
    joinsLine: 'A `%` at the end of a line swallows the line break: uWSGI reads the next line as part of this one, so that line is lost. Write `%%` for a percent sign.',
    lineEnd: 'A `%` at the end of a line is deleted by uWSGI together with the carriage return after it. Write `%%` for a percent sign.',
    unknown: '`%{{char}}` is not a uWSGI magic variable: uWSGI deletes both characters before reading the file. Write `%%{{char}}` for a literal percent sign.',
  },
  create(context) {
    const file = context.file;
    return {
      ':exit'() {
        for (const magic of file.magic) {
          const percent = { start: magic.start, end: magic.start + 1 };
          const fix = { title: 'Write %% for a literal percent sign', apply: (f: import('../../file-rule').TextFixer) => f.replace(percent, '%%') };
          if (magic.char === '\n') {
            context.report({ span: percent, messageId: 'joinsLine', severity: 'error', fix });
            continue;
          }
          if (magic.char === '\r') {
            context.report({ span: percent, messageId: 'lineEnd', fix });
            continue;
          }
          if (MAGIC.has(magic.char)) continue;
          const inComment = file.comments.some((c) => c.start <= magic.start && magic.start < c.end);
          if (inComment) continue;
          context.report({ span: { start: magic.start, end: magic.start + 2 }, messageId: 'unknown', data: { char: magic.char }, suggest: [fix] });
        }
      },
    };
  },
});
