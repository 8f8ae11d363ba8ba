/**
 * The deployment as one snapshot (architecture §4.7): the nginx models of the workspace's
 * nginx roots and every gunicorn.conf.py / uwsgi.ini parsed, with the links between them
 * (links.ts). Immutable and pure: the facade builds it from a set of paths through the
 * ServiceHost, so open documents override the disk as everywhere else.
 */
import type { PyConfig } from '../languages/gunicorn/model';
import type { NginxModel } from '../languages/nginx/model';
import type { IniFile } from '../languages/uwsgi/ast';
import type { Span } from '../types';
import { linkWorkspace, type Link, type Listener, type NginxTarget } from './links';

export interface GunicornApp {
  readonly kind: 'gunicorn';
  readonly path: string;
  readonly config: PyConfig;
}

export interface UwsgiApp {
  readonly kind: 'uwsgi';
  readonly path: string;
  readonly file: IniFile;
}

export type AppConfig = GunicornApp | UwsgiApp;

export interface Workspace {
  readonly models: readonly NginxModel[];
  readonly apps: readonly AppConfig[];
  /** Where the app servers listen (gunicorn `bind`, uWSGI sockets), with their protocol. */
  readonly listeners: readonly Listener[];
  /** What nginx connects to (upstream `server` lines, direct proxy_pass/uwsgi_pass addresses). */
  readonly targets: readonly NginxTarget[];
  /** Each target to each listener it reaches. */
  readonly links: readonly Link[];
  /** Apps whose addresses cannot be read (a computed `bind`): "nothing listens there" is unknowable. */
  readonly opaqueApps: readonly AppConfig[];
  /**
   * The app configs of an nginx root's deployment: those nearest to it in the folder tree
   * (links.ts assignApps). Links only join a target to a listener of its own deployment.
   */
  appsOf(model: NginxModel): readonly AppConfig[];
  /** Links whose listener belongs to the app config at `path`. */
  linksTo(path: string): readonly Link[];
  /** The text and comments of a workspace file (for fixes and suppression comments). */
  source(path: string): { readonly text: string; readonly comments: readonly (Span & { readonly text: string })[] } | undefined;
}

export function appText(app: AppConfig): string {
  return app.kind === 'gunicorn' ? app.config.text : app.file.text;
}

export function createWorkspace(models: readonly NginxModel[], apps: readonly AppConfig[]): Workspace {
  const { listeners, targets, links, opaqueApps, deployments } = linkWorkspace(models, apps);
  const byApp = new Map<string, Link[]>();
  for (const link of links) {
    const list = byApp.get(link.listener.app.path) ?? [];
    list.push(link);
    byApp.set(link.listener.app.path, list);
  }
  return {
    models,
    apps,
    listeners,
    targets,
    links,
    opaqueApps,
    linksTo: (path) => byApp.get(path) ?? [],
    appsOf: (model) => deployments.get(model) ?? [],
    source(path) {
      const app = apps.find((a) => a.path === path);
      if (app) return { text: appText(app), comments: app.kind === 'gunicorn' ? app.config.comments : app.file.comments };
      for (const model of models) {
        const file = model.files.get(path);
        if (file && !file.virtual) return { text: file.text, comments: file.ast.comments };
      }
      return undefined;
    },
  };
}
