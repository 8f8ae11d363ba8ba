/**
 * Open documents, and the mapping between LSP URIs and the absolute paths the service uses.
 * Open documents overlay the disk (the node host reads their text instead of the file), so
 * unsaved edits to an included file are seen by the file that includes it.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS, detectLanguage, type Settings } from '../service';
import { basename, normalizePath } from '../service/text/paths';
import type { Overlay } from './node-host';

const NGINX_LANGUAGE_IDS = new Set(['nginx', 'NGINX', 'Nginx']);

/** URIs of documents that are not files (untitled:, vscode-vfs:) get a path under this folder. */
const VIRTUAL_ROOT = '/__wsconf_virtual__';

export class Documents implements Overlay {
  readonly documents = new TextDocuments(TextDocument);
  /** Paths already converted back to URIs, so a published URI is exactly the one the client used. */
  private readonly uriByPath = new Map<string, string>();
  private readonly pathByUri = new Map<string, string>();
  /** The gunicorn/uWSGI globs of the workspace folders (the server sets them after reading the settings). */
  filePatterns: Pick<Settings, 'gunicornFiles' | 'uwsgiFiles'> = DEFAULT_SETTINGS;

  get(path: string): string | undefined {
    const uri = this.uriByPath.get(path);
    return uri === undefined ? undefined : this.documents.get(uri)?.getText();
  }

  document(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return this.documents.all();
  }

  pathOf(uri: string): string {
    const known = this.pathByUri.get(uri);
    if (known !== undefined) return known;
    let path: string;
    try {
      path = uri.startsWith('file:') ? normalizePath(fileURLToPath(uri).replace(/\\/g, '/')) : virtualPath(uri);
    } catch {
      path = virtualPath(uri);
    }
    this.pathByUri.set(uri, path);
    this.uriByPath.set(path, uri);
    return path;
  }

  uriOf(path: string): string {
    const known = this.uriByPath.get(path);
    if (known !== undefined) return known;
    const uri = pathToFileURL(path).href;
    this.uriByPath.set(path, uri);
    this.pathByUri.set(uri, path);
    return uri;
  }

  /** Whether the server lints this document: nginx language ids, or a path/content nginx is recognised by. */
  isNginx(document: TextDocument): boolean {
    if (NGINX_LANGUAGE_IDS.has(document.languageId)) return true;
    return detectLanguage(this.pathOf(document.uri), document.getText(), this.filePatterns) !== undefined;
  }

  static isProjectConfig(path: string): boolean {
    return basename(path) === '.wsconf.json';
  }
}

function virtualPath(uri: string): string {
  return `${VIRTUAL_ROOT}/${encodeURIComponent(uri)}`;
}
