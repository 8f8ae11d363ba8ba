/**
 * Lines uWSGI's ini reader does not read the way they look. uWSGI never rejects an ini file: it
 * skips what it cannot use, so each of these silently drops configuration (verified on 2.0.21):
 * a byte order mark hides the first `[uwsgi]` header; `[UWSGI]` or `[ uwsgi ]` is another
 * section ("Can't find section"); a header without `]` loses its last character; options
 * before any header are never read; `= value` has no name. A file with sections but no
 * `[uwsgi]` one is only read with `--ini file:section`.
 *
 *     [ uwsgi ]                 # flagged: not the [uwsgi] section
 *     [uwsgi]                   # fine
 */
import type { IniParseError } from '../../../languages/uwsgi/ast';
import { defineUwsgiRule, type FileFixDescriptor } from '../../file-rule';

export default defineUwsgiRule({
  id: 'uwsgi/syntax',
  meta: {
    failure: 'runtime',
    description: 'The file must read as uWSGI reads it: a [uwsgi] section, headers closed, no stray lines.',
    severity: 'error',
    fixable: 'fix',
  },
  messages: {
    parse: '{{message}}',
    sectionName: 'uWSGI compares section names exactly, so "{{name}}" is not the [uwsgi] section and every option under it is ignored. Write `[uwsgi]`.',
    outsideSection: 'uWSGI only reads options inside the [uwsgi] section; this line comes before any section header and is ignored.',
    noUwsgiSection: 'This file has no [uwsgi] section: uWSGI reads nothing from it unless it is started as `--ini {{file}}:{{section}}`.',
  },
  create(context) {
    const file = context.file;
    return {
      ':exit'() {
        const errorFix = (error: IniParseError): FileFixDescriptor | undefined => {
          if (error.code === 'byte-order-mark') return { title: 'Remove the byte order mark', apply: () => ({ file: context.path, start: 0, end: 1, text: '' }) };
          const meant = file.text.slice(error.start + 1, error.end).trim();
          if (error.code === 'unclosed-section' && meant.toLowerCase() === 'uwsgi') return { title: 'Close the header: [uwsgi]', apply: (f) => f.replace(error, '[uwsgi]') };
          return undefined;
        };
        for (const error of file.errors) {
          const fix = errorFix(error);
          context.report({ span: error, messageId: 'parse', data: { message: error.message }, ...(fix ? { fix } : {}) });
        }
        // Behind a byte order mark nothing reads as intended; one finding (with its fix) is enough.
        if (file.errors.some((e) => e.code === 'byte-order-mark')) return;
        const hasUwsgi = file.sections.some((s) => s.name === 'uwsgi');
        let nearMiss = false;
        for (const section of file.sections) {
          if (section.name === 'uwsgi' || section.name.trim().toLowerCase() !== 'uwsgi') continue;
          nearMiss = true;
          context.report({
            span: section.header,
            messageId: 'sectionName',
            data: { name: `[${section.name}]` },
            fix: { title: 'Rename the section to [uwsgi]', apply: (f) => f.replace(section.header, '[uwsgi]') },
          });
        }
        const loose = file.sections.find((s) => s.header.start === s.header.end && s.name === '');
        const named = file.sections.filter((s) => s.header.end > s.header.start);
        for (const entry of loose?.entries ?? []) {
          const first = entry === loose!.entries[0];
          context.report({
            span: entry.span,
            messageId: 'outsideSection',
            severity: hasUwsgi || nearMiss ? 'warning' : 'error',
            ...(first && !hasUwsgi && !nearMiss && named.length === 0
              ? { fix: { title: 'Add a [uwsgi] header at the top', apply: (f) => f.insertLineBefore(entry.span, '[uwsgi]') } }
              : {}),
          });
        }
        const unclosed = file.errors.some((e) => e.code === 'unclosed-section');
        if (!hasUwsgi && !nearMiss && !unclosed && named.length > 0) {
          const name = context.path.slice(context.path.lastIndexOf('/') + 1);
          context.report({ span: named[0]!.header, messageId: 'noUwsgiSection', severity: 'info', data: { file: name, section: named[0]!.name } });
        }
      },
    };
  },
});
