/**
 * G-10. Binding `0.0.0.0`, `[::]` or `:PORT` makes gunicorn reachable from every network the
 * host is on, so clients can bypass nginx (its timeouts, TLS, limits). With
 * `forwarded_allow_ips = "*"` they can also claim HTTPS with `X-Forwarded-Proto`, because
 * gunicorn then trusts those headers from anyone (gunicorn's deploy docs call that unsafe when
 * untrusted clients can connect). When nginx runs on the same host, bind `127.0.0.1:PORT` or a
 * unix socket. In containers, where nginx is another container, all interfaces are needed:
 * turn the rule off there.
 *
 *     bind = "0.0.0.0:8000"       # flagged
 *     bind = "127.0.0.1:8000"     # fine
 */
import { bindAddresses, isAllInterfaces } from '../../../languages/gunicorn/effective';
import { literalOf, settingOf } from '../../../languages/gunicorn/model';
import { defineGunicornRule } from '../../file-rule';

export default defineGunicornRule({
  id: 'gunicorn/bind-all-interfaces',
  meta: { failure: 'none', description: 'Behind a local nginx, gunicorn should listen on loopback or a unix socket.', severity: 'info', fixable: 'suggestion' },
  messages: {
    exposed: '`{{address}}` listens on every interface, so clients can reach gunicorn without going through nginx. With nginx on the same host, bind `127.0.0.1:{{port}}` or a unix socket (in containers all interfaces are needed; turn this rule off there).',
    spoofable: '`{{address}}` listens on every interface and `forwarded_allow_ips = "*"` trusts `X-Forwarded-*` headers from anyone: clients that bypass nginx can pretend to use HTTPS. Bind `127.0.0.1:{{port}}` or list only nginx\'s address in `forwarded_allow_ips`.',
  },
  create(context) {
    const { file } = context;
    return {
      ':exit'() {
        const { addresses } = bindAddresses(file);
        const trustAll = literalOf(settingOf(file, 'forwarded_allow_ips')?.value);
        const spoofable = typeof trustAll === 'string' && trustAll.split(',').some((v) => v.trim() === '*');
        for (const address of addresses) {
          if (address.kind !== 'tcp' || !isAllInterfaces(address.host)) continue;
          const port = address.port ?? 8000;
          context.report({
            span: address,
            messageId: spoofable ? 'spoofable' : 'exposed',
            ...(spoofable ? { severity: 'warning' as const } : {}),
            data: { address: address.text, port },
            ...(address.fromEnv ? {} : { suggest: [{ title: `Listen on 127.0.0.1:${port} only`, apply: (f) => f.replace(address, JSON.stringify(`127.0.0.1:${port}`)) }] }),
          });
        }
      },
    };
  },
});
