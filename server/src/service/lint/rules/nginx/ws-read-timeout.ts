/**
 * N-14. Once a connection is upgraded, nginx closes the tunnel when the backend has been
 * silent for `proxy_read_timeout` (`uwsgi_read_timeout` behind `uwsgi_pass`; default 60 s).
 * Engine.IO pings only every pingInterval (25 s) and holds long-polling GETs open up to that
 * long, so a Socket.IO location needs more than pingInterval + 5 s. Verified on nginx
 * 1.22.1: `proxy_read_timeout 3s` closed an idle upgraded Socket.IO connection after 3.0 s.
 * `proxy_send_timeout` is not an idle timeout and is not required.
 *
 *     location /socket.io/ { proxy_read_timeout 10s; proxy_pass http://app; }   # flagged (error)
 *     location /ws/ { proxy_pass http://app; }                                   # flagged (info: 60 s default)
 *     location /socket.io/ { proxy_read_timeout 300s; proxy_pass http://app; }  # fine
 */
import type { ConfigNode } from '../../../languages/nginx/model';
import { effectiveScalar } from '../../../languages/nginx/semantics';
import { formatSeconds, parseNginxTime } from '../../../languages/nginx/values';
import { classifyLocation } from '../../../languages/nginx/websocket';
import { insertBeforePass } from '../../fixes/proxy-headers';
import type { FixDescriptor, RelatedDescriptor } from '../../rule';
import { defineNginxRule, fixIfConfident } from '../../rule';

const DEFAULT_SECONDS = 60;

export default defineNginxRule({
  id: 'nginx/ws-read-timeout',
  meta: { failure: 'runtime',
    description: 'WebSocket and Socket.IO locations need a read timeout longer than the time between messages.',
    severity: 'error',
    fixable: 'fix',
  },
  messages: {
    socketioShort:
      'With `{{directive}} {{value}}` nginx drops Socket.IO connections that are idle for {{idle}}, but Engine.IO pings only every {{ping}} and holds long-polling requests open that long. Use more than {{minimum}}, e.g. `{{directive}} 300s;`.',
    genericDefault:
      'Idle WebSocket connections are closed after 60 s (the `{{directive}}` default) unless the app sends pings. Enable server pings or raise `{{directive}}` (e.g. 3600s).',
    genericShort:
      'With `{{directive}} {{value}}` nginx closes a WebSocket connection after {{idle}} without a message from the backend. Raise it (e.g. 3600s) unless the app pings more often than that.',
  },
  create(context) {
    const ping = context.settings.pingInterval;
    return {
      location(node) {
        const ws = classifyLocation(node, context.model);
        if (!ws) return;
        const directive = ws.passKind === 'uwsgi' ? 'uwsgi_read_timeout' : 'proxy_read_timeout';
        const defined = effectiveScalar(node, directive, context.model);
        const seconds = defined ? parseNginxTime(defined.values[0] ?? '') : DEFAULT_SECONDS;
        if (seconds === undefined) return;
        const own = defined !== undefined && defined.node.parent === node;
        // Own definition: underline its value; inherited or default: underline the pass.
        const at = own ? { node: defined.node, span: defined.node.directive.args[0] } : { node: ws.pass };
        const related: RelatedDescriptor[] = defined && !own ? [{ node: defined.node, message: `${directive} is inherited from here.` }] : [];
        const value = defined ? defined.values[0]! : '60s';
        const data = { directive, value, idle: formatSeconds(seconds), ping: formatSeconds(ping), minimum: formatSeconds(ping + 5) };

        if (ws.socketio) {
          if (seconds > ping + 5) return;
          context.report({ ...at, messageId: 'socketioShort', data, related, ...fixIfConfident(ws.confidence === 'high', fixTo(node, defined?.node, own, directive)) });
          return;
        }
        if (!defined) {
          context.report({ ...at, messageId: 'genericDefault', data, severity: 'info' });
        } else if (seconds < DEFAULT_SECONDS) {
          context.report({ ...at, messageId: 'genericShort', data, related, severity: ws.confidence === 'high' ? 'warning' : 'info' });
        }
      },
    };
  },
});

/** Replaces an own value, else adds the directive before the pass (never next to an included one). */
function fixTo(location: ConfigNode, defined: ConfigNode | undefined, own: boolean, directive: string): FixDescriptor | undefined {
  const title = `Set ${directive} 300s`;
  if (own && defined) {
    const arg = defined.directive.args[0];
    if (defined.includedBy !== undefined || !arg) return undefined;
    return { title, apply: (f) => f.replace(defined.file, arg, '300s') };
  }
  return { title, apply: insertBeforePass(location, [`${directive} 300s;`]) };
}
