/**
 * G-09 / U-19. nginx proxies to an address that no gunicorn `bind` or uWSGI socket of the
 * workspace listens on: each file looks right, and every request is a 502 ("connect() failed
 * (111: Connection refused)", or "(2: No such file or directory)" for a unix socket). Typical
 * case: no `bind` in gunicorn.conf.py (gunicorn then listens on 127.0.0.1:8000) while nginx
 * proxies to 127.0.0.1:5000. Silent when the nginx root has no app configs in its deployment
 * (the workspace's configs nearest to it, see workspace/links.ts), or one whose address cannot
 * be read (a computed `bind`, an included ini). A gunicorn without `bind`
 * lowers the finding to a warning: a `-b` on the command line may set the address instead.
 *
 *     upstream app { server 127.0.0.1:8001; }   bind = "127.0.0.1:8000"   # flagged
 *     upstream app { server 127.0.0.1:8000; }   bind = "0.0.0.0:8000"     # fine
 */
import { formatEndpoint, nearestListener, type Endpoint } from '../../../workspace/endpoints';
import type { NginxModel } from '../../../languages/nginx/model';
import type { Listener } from '../../../workspace/links';
import { listenerLabel } from '../../fixes/app-configs';
import { defineWorkspaceRule } from '../../workspace-rule';

/** How nginx should name the listener: a wildcard bind is reached through loopback. */
function asTarget(endpoint: Endpoint): string {
  return endpoint.kind === 'tcp' && endpoint.wildcard ? `127.0.0.1:${endpoint.port}` : formatEndpoint(endpoint);
}

export default defineWorkspaceRule({
  id: 'cross/upstream-unreachable',
  meta: {
    failure: 'runtime',
    description: 'nginx must proxy to an address that an app server of the workspace listens on.',
    severity: 'error',
    fixable: 'suggestion',
  },
  messages: {
    noListener: 'No gunicorn or uWSGI config of this workspace listens on {{target}}, so nginx answers 502 (connection refused). {{hint}}',
  },
  check(context) {
    const { workspace } = context;
    const linked = new Set(workspace.links.map((link) => link.target));
    const byModel = new Map<NginxModel, { listeners: Listener[]; implicitBind: boolean } | undefined>();
    const deployment = (model: NginxModel) => {
      if (byModel.has(model)) return byModel.get(model);
      // Only against the app configs of this nginx root's deployment, and only when all their addresses are known.
      const apps = new Set(workspace.appsOf(model));
      const known = apps.size > 0 && !workspace.opaqueApps.some((a) => apps.has(a));
      const listeners = known ? workspace.listeners.filter((l) => apps.has(l.app)) : [];
      const result = known ? { listeners, implicitBind: listeners.some((l) => l.implicit && l.app.kind === 'gunicorn') } : undefined;
      byModel.set(model, result);
      return result;
    };
    for (const target of workspace.targets) {
      const endpoint = target.endpoint;
      if (!endpoint || endpoint.kind === 'fd' || linked.has(target)) continue;
      const own = deployment(target.model);
      if (!own) continue;
      const { listeners, implicitBind } = own;
      const sameKind = listeners.filter((l) => l.endpoint.kind === endpoint.kind);
      const sameProtocol = sameKind.filter((l) => l.protocol === target.protocol);
      const near: Listener | undefined = nearestListener(endpoint, sameProtocol.length > 0 ? sameProtocol : sameKind);
      const hint = near
        ? `The closest listener is ${listenerLabel(near)}: point nginx there, or make the app listen on ${formatEndpoint(endpoint)}.`
        : 'Make an app server listen there, or point nginx at one that does.';
      const replacement = near && asTarget(near.endpoint);
      context.report({
        file: target.node.file.path,
        span: target.span,
        messageId: 'noListener',
        data: { target: formatEndpoint(endpoint), hint },
        severity: implicitBind ? 'warning' : 'error',
        related: near ? [{ file: near.app.path, span: near.span, message: `The closest listener: ${listenerLabel(near)}.` }] : [],
        suggest: near && replacement
          ? [{ title: `Proxy to ${replacement}`, edits: [{ file: target.node.file.path, start: target.span.start, end: target.span.end, text: replacement }] }]
          : [],
      });
    }
  },
});
