/**
 * A key uWSGI does not know. Without `strict`, uWSGI keeps it as a placeholder and says nothing,
 * so a typo silently drops the setting; with `strict = true` it refuses to start with
 * "[strict-mode] unknown config directive". uWSGI compares keys exactly: `enable_threads` and
 * `Master` are unknown (verified on 2.0.21), hence the safe fix to the exact spelling.
 *
 * Not flagged: keys used as placeholders elsewhere in the file (`base = /srv` + `%(base)`;
 * under `strict` those stop uWSGI too, verified, and are moved to `set-placeholder`),
 * options declared with `declare-option`, keys built from placeholders, options of the Debian
 * plugins we know (a missing `plugins =` line is uwsgi/debian-plugin-not-loaded's finding) and
 * keys named after a plugin the file loads that we have no table for (`php-docroot`).
 *
 *     enable_threads = true     # flagged: write enable-threads
 *     gevnt = 1000              # flagged: did you mean gevent?
 *     base = /srv/app           # fine when %(base) is used
 */
import { didYouMean, lookupOption, normalizedOption, pluginOfItem } from '../../../knowledge/uwsgi';
import { flagOn, optionEntries, uwsgiEntries } from '../../../languages/uwsgi/ast';
import { PLUGIN_OPTIONS } from '../../../languages/uwsgi/deployment';
import { defineUwsgiRule } from '../../file-rule';

export default defineUwsgiRule({
  id: 'uwsgi/unknown-option',
  meta: { failure: 'runtime', description: 'Every key in [uwsgi] must be an option uWSGI knows, spelled exactly.', severity: 'warning', fixable: 'fix' },
  messages: {
    spelling: 'uWSGI compares option names exactly, so `{{key}}` is not `{{option}}`: {{consequence}} Write `{{option}}`.',
    unknown: 'uWSGI has no option `{{key}}`: {{consequence}}{{hint}}',
    strictPlaceholder:
      '`{{key}}` is a custom placeholder, and with `strict = true` uWSGI refuses to start on it ("unknown config directive"). Declare it with `set-placeholder = {{key}}=value`.',
  },
  create(context) {
    const file = context.file;
    const strict = flagOn(file, 'strict');
    const consequence = strict
      ? 'with `strict = true` uWSGI refuses to start.'
      : 'uWSGI keeps it as a placeholder and ignores it without a word.';
    const used = new Set<string>();
    for (const entry of uwsgiEntries(file)) {
      for (const segment of entry.segments) if (segment.kind === 'placeholder') used.add(segment.name);
    }
    const declared = new Set(optionEntries(file, 'declare-option', 'declare-option2').map((e) => e.value.split('=')[0]!.trim()));
    for (const name of declared) used.add(name);
    const unknownPlugins = optionEntries(file, ...PLUGIN_OPTIONS)
      .flatMap((e) => e.value.split(/[\s,]+/))
      .filter((item) => item !== '' && !pluginOfItem(item));
    return {
      '*'(entry) {
        const key = entry.key;
        if (key === '' || lookupOption(key) || /%|[$@]\(/.test(key)) return;
        if (used.has(key)) {
          if (strict && !declared.has(key)) {
            context.report({
              span: entry.keySpan,
              messageId: 'strictPlaceholder',
              data: { key },
              severity: 'error',
              fix: { title: `Declare it: set-placeholder = ${key}=…`, apply: (f) => f.replace(entry.span, `set-placeholder = ${key}=${entry.value}`) },
            });
          }
          return;
        }
        if (unknownPlugins.some((plugin) => key.startsWith(plugin))) return;
        const severity = strict ? 'error' : unknownPlugins.length > 0 ? 'info' : undefined;
        const exact = normalizedOption(key);
        if (exact) {
          context.report({
            span: entry.keySpan,
            messageId: 'spelling',
            data: { key, option: exact, consequence },
            ...(severity ? { severity } : {}),
            fix: { title: `Change to "${exact}"`, apply: (f) => f.replace(entry.keySpan, exact) },
          });
          return;
        }
        const candidates = didYouMean(key);
        const hint = candidates.length > 0
          ? ` Did you mean \`${candidates[0]}\`?`
          : unknownPlugins.length > 0 ? ` It may belong to the plugin ${unknownPlugins.join(', ')}.` : ' If it is a placeholder, use it as `%(' + key + ')` or declare it with `set-placeholder`.';
        context.report({
          span: entry.keySpan,
          messageId: 'unknown',
          data: { key, consequence, hint },
          ...(severity ? { severity } : {}),
          suggest: candidates.map((candidate) => ({ title: `Change to "${candidate}"`, apply: (f) => f.replace(entry.keySpan, candidate) })),
        });
      },
    };
  },
});
