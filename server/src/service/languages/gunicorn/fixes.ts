/**
 * Edits shared by gunicorn rules: set a setting, either by replacing the value of its
 * assignment in effect or by adding a line (after an unconditional anchor assignment, else at
 * the end of the file).
 */
import type { FileFixDescriptor, TextFixer } from '../../lint/file-rule';
import type { Edit } from '../../types';
import { anchorFor } from './effective';
import { settingOf, type PyConfig } from './model';

export const GEVENT_WEBSOCKET_WORKER = 'geventwebsocket.gunicorn.workers.GeventWebSocketWorker';

/** Edits that make `name = value` the effective setting. */
export function setSetting(config: PyConfig, fixer: TextFixer, name: string, value: string, after: readonly string[] = []): Edit {
  const current = settingOf(config, name);
  if (current && !current.conditional) return fixer.replace(current.value, value);
  const anchor = anchorFor(config, [...after, 'worker_class', 'workers', 'bind']).assignment;
  return anchor && !anchor.conditional ? fixer.insertLineAfter(anchor.span, `${name} = ${value}`) : fixer.append(`${name} = ${value}`);
}

/** A fix setting several settings at once (each edit at a different place). */
export function settingsFix(config: PyConfig, title: string, values: readonly (readonly [string, string])[]): FileFixDescriptor {
  return {
    title,
    apply: (fixer) => {
      const edits = values.map(([name, value]) => setSetting(config, fixer, name, value));
      // Two inserted lines at the same spot would be applied in an unknown order: merge them.
      const merged = new Map<string, Edit>();
      for (const edit of edits) {
        const key = `${edit.start}:${edit.end}`;
        const previous = merged.get(key);
        merged.set(key, previous && previous.start === previous.end ? { ...previous, text: previous.text + edit.text } : edit);
      }
      return [...merged.values()];
    },
  };
}
