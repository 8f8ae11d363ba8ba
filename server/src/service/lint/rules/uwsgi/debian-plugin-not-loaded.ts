/**
 * U-01. Debian's and Ubuntu's uWSGI is modular: the binary has no plugin built in, and an
 * option whose plugin is not loaded is silently ignored. Verified on 2.0.21-debian: `module`
 * without python3 gives "no request plugin is loaded"; `gevent = 100` without gevent_python3
 * starts a worker with 1 core; `http =` without http starts no router ("The -s/--socket option
 * is missing"). gevent_python3 listed before python3 fails with "undefined symbol: up".
 *
 * Only for Debian builds (the `uwsgiBuild` setting, a path under /etc/uwsgi/, or a file that
 * already loads plugins). When the build is unknown, one info finding. pip's monolithic
 * uWSGI has everything built in and fails on `plugins = python3`, so it is never flagged.
 *
 *     module = app:app                     # flagged on Debian without plugins = python3
 *     plugins = python3,gevent_python3     # fine
 */
import { pluginOf, pluginOfItem } from '../../../knowledge/uwsgi';
import type { UwsgiPlugin } from '../../../knowledge/uwsgi/types';
import type { IniEntry } from '../../../languages/uwsgi/ast';
import { optionEntries } from '../../../languages/uwsgi/ast';
import { PLUGIN_OPTIONS, uwsgiBuild } from '../../../languages/uwsgi/deployment';
import { defineUwsgiRule, type TextFixer } from '../../file-rule';
import { insertOption } from '../../fixes/uwsgi-lines';

type Plugin = Exclude<UwsgiPlugin, 'core'>;
const PYTHON_LOOPS: readonly Plugin[] = ['gevent_python3', 'greenlet_python3', 'asyncio_python3'];
const EFFECT: Readonly<Record<Plugin, string>> = {
  python3: 'no app is loaded ("no request plugin is loaded") and every request fails.',
  gevent_python3: 'the gevent loop is never started and each worker serves one request at a time.',
  http: 'no HTTP router is started.',
  ugreen: 'the option is ignored.',
  greenlet_python3: 'the option is ignored.',
  asyncio_python3: 'the option is ignored.',
};

export default defineUwsgiRule({
  id: 'uwsgi/debian-plugin-not-loaded',
  meta: { failure: 'runtime', description: "On Debian's modular uWSGI, every option's plugin must be loaded, python3 first.", severity: 'error', fixable: 'fix' },
  messages: {
    missing: '{{options}} {{verb}} from the {{plugin}} plugin, which this file does not load. Debian\'s uWSGI has no plugin built in and ignores such options silently: {{effect}} Use `plugins = {{list}}`.',
    maybeDebian: 'If this uWSGI comes from Debian or Ubuntu packages (no plugin built in), {{options}} {{verb}} ignored unless the file says `plugins = {{list}}`. A pip-installed uWSGI needs no plugins line: set the uwsgiBuild setting to "pip" or "debian".',
    order: '{{plugin}} needs the python3 plugin loaded before it: here it fails to load ("undefined symbol: up") and uWSGI runs without it. List python3 first.',
  },
  create(context) {
    const file = context.file;
    const build = uwsgiBuild(file, context.path, context.settings);
    const pluginLines = optionEntries(file, ...PLUGIN_OPTIONS);
    const items = pluginLines.flatMap((e) => e.value.split(/[\s,]+/).filter(Boolean));
    const loaded = items.map((item) => pluginOfItem(item));
    const firstNeed = new Map<Plugin, IniEntry[]>();
    return {
      '*'(entry) {
        const plugin = pluginOf(entry.option);
        if (!plugin || plugin === 'core' || loaded.includes(plugin)) return;
        firstNeed.set(plugin, [...(firstNeed.get(plugin) ?? []), entry]);
      },
      ':exit'() {
        if (build === 'pip') return;
        const missing = [...firstNeed.keys()];
        const wanted: Plugin[] = [...new Set([...loaded.filter((p): p is Plugin => p !== undefined), ...missing])];
        const pythonItem = items.find((i) => pluginOfItem(i) === 'python3') ?? 'python3';
        const desired = [pythonItem, ...items.filter((i) => pluginOfItem(i) !== 'python3'), ...missing.filter((p) => p !== 'python3')];
        const needsPython = wanted.includes('python3') || wanted.some((p) => PYTHON_LOOPS.includes(p));
        const list = (needsPython ? desired : desired.slice(1)).filter((v, i, all) => all.indexOf(v) === i).join(',');
        const apply = (f: TextFixer) => {
          const only = pluginLines.length === 1 ? pluginLines[0]! : undefined;
          if (only && (only.option === 'plugins' || only.option === 'plugin')) return f.replace(only.valueSpan, list);
          if (pluginLines.length === 0) return insertOption(f, file, `plugins = ${list}`);
          return undefined;
        };
        const fixTitle = `Load the plugins: plugins = ${list}`;
        if (missing.length > 0 && build === undefined) {
          const entries = [...firstNeed.values()].flat().sort((a, b) => a.span.start - b.span.start);
          const names = [...new Set(entries.map((e) => `\`${e.key}\``))].join(', ');
          const verb = names.includes(',') ? 'are' : 'is';
          context.report({ span: entries[0]!.keySpan, messageId: 'maybeDebian', severity: 'info', data: { options: names, verb, list }, suggest: [{ title: fixTitle, apply }] });
          return;
        }
        for (const [plugin, entries] of firstNeed) {
          const names = [...new Set(entries.map((e) => `\`${e.key}\``))].join(', ');
          const verb = names.includes(',') ? 'come' : 'comes';
          context.report({ span: entries[0]!.keySpan, messageId: 'missing', data: { options: names, verb, plugin, effect: EFFECT[plugin], list }, fix: { title: fixTitle, apply } });
        }
        if (build !== 'debian') return;
        const python = loaded.indexOf('python3');
        for (const loop of PYTHON_LOOPS) {
          const at = loaded.indexOf(loop);
          if (at === -1 || (python !== -1 && python < at)) continue;
          const line = pluginLines.find((e) => e.value.split(/[\s,]+/).some((i) => pluginOfItem(i) === loop))!;
          context.report({ span: line.valueSpan, messageId: 'order', data: { plugin: items[at]! }, fix: { title: 'Load python3 first', apply } });
        }
      },
    };
  },
});
