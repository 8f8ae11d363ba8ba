/** Placeholder: the core/ini.c reader is being written; it returns an empty file for now. */
import type { IniFile } from './ast';

export function parseUwsgiIni(text: string): IniFile {
  return { text, sections: [], comments: [], errors: [] };
}
