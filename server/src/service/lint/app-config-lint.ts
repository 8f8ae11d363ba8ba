/**
 * Lints one gunicorn.conf.py or uwsgi.ini (cross-file rules come with the workspace model),
 * after the size checks: every file is capped by the maxFileSize setting, and Python files
 * also by PYTHON_MAX_SIZE, because the Python parser slows down on text that is not Python
 * (about 4.5 ms per KB of garbage): a stray multi-megabyte `gunicorn.conf.py` must not stall
 * the language server.
 */
import type { AppConfig } from '../workspace/workspace';
import { parseGunicornConfig } from '../languages/gunicorn/parser';
import { parseUwsgiIni } from '../languages/uwsgi/parser';
import type { Settings } from '../settings';
import type { Finding } from '../types';
import { lintGunicornConfig, lintUwsgiConfig } from './file-linter';
import type { LintRunOptions } from './linter';
import { GUNICORN_RULES, UWSGI_RULES } from './rules';

/** Characters of a Python config wsconf parses at most (real gunicorn configs are a few KB). */
export const PYTHON_MAX_SIZE = 256 * 1024;

/** The largest text of `language` wsconf analyses. */
export function appSizeLimit(language: 'gunicorn' | 'uwsgi', settings: Settings): number {
  return language === 'gunicorn' ? Math.min(settings.maxFileSize, PYTHON_MAX_SIZE) : settings.maxFileSize;
}

/** Why a file of `length` characters is not analysed, or undefined when it is analysed. */
export function tooLargeMessage(language: 'gunicorn' | 'uwsgi', length: number, settings: Settings): string | undefined {
  if (length <= appSizeLimit(language, settings)) return undefined;
  if (length > settings.maxFileSize) {
    return `This file is ${length} characters long, more than the ${settings.maxFileSize} limit (setting wsconf.maxFileSize); it was not analysed.`;
  }
  return `This Python file is ${length} characters long; wsconf reads gunicorn configs of up to ${PYTHON_MAX_SIZE} characters, so it was not analysed. Move the code that is not configuration into a module the config imports.`;
}

export function lintAppConfig(
  path: string,
  language: 'gunicorn' | 'uwsgi',
  text: string,
  settings: Settings,
  runOptions: LintRunOptions,
  parsed?: AppConfig,
): Finding[] {
  const tooLarge = tooLargeMessage(language, text.length, settings);
  if (tooLarge !== undefined) {
    const ruleId = `${language}/syntax`;
    if (runOptions.only && !runOptions.only.has(ruleId)) return [];
    return [{ ruleId, file: path, span: { start: 0, end: 0 }, severity: 'warning', message: tooLarge, fixes: [] }];
  }
  if (language === 'gunicorn') {
    const config = parsed?.kind === 'gunicorn' ? parsed.config : parseGunicornConfig(text);
    return lintGunicornConfig(path, config, GUNICORN_RULES, settings, runOptions);
  }
  return lintUwsgiConfig(path, parsed?.kind === 'uwsgi' ? parsed.file : parseUwsgiIni(text), UWSGI_RULES, settings, runOptions);
}
