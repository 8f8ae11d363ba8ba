/**
 * G-11. gunicorn believes `X-Forwarded-Proto` (and the other `secure_scheme_headers`) only
 * from the addresses in `forwarded_allow_ips`: 127.0.0.1 by default (plus ::1 from 23.0.0);
 * unix-socket connections are always trusted. A gunicorn bound to a specific non-loopback
 * address is reached by a proxy on another host, whose headers are then ignored: the app
 * sees plain http and builds http:// URLs and redirects. Also, before 24.1.0 entries are
 * compared with the peer address as text, so a CIDR range never matches (verified on 20.1.0:
 * with `"127.0.0.0/8"` a request from 127.0.0.1 kept `wsgi.url_scheme` http; with
 * `"127.0.0.1"` it became https). Engine.IO's origin check reads the raw header and is not
 * affected.
 *
 *     bind = "10.0.0.5:8000"                                      # flagged
 *     bind = "10.0.0.5:8000"; forwarded_allow_ips = "10.0.0.2"    # fine
 */
import { compareVersions } from '../../../languages/nginx/values';
import { bindAddresses, isAllInterfaces, isLoopback } from '../../../languages/gunicorn/effective';
import { importedName, literalOf, settingOf } from '../../../languages/gunicorn/model';
import { defineGunicornRule } from '../../file-rule';

export default defineGunicornRule({
  id: 'gunicorn/forwarded-allow-ips-remote-proxy',
  meta: { failure: 'runtime', description: 'A proxy on another host must be listed in forwarded_allow_ips for gunicorn to believe its X-Forwarded-Proto.', severity: 'info' },
  messages: {
    remote: 'gunicorn listens on `{{address}}`, so nginx reaches it from another host, but `forwarded_allow_ips` is not set (default 127.0.0.1): gunicorn ignores that proxy\'s `X-Forwarded-Proto` and the app sees plain http. Set `forwarded_allow_ips` to the proxy\'s address.',
    cidr: 'gunicorn {{version}} compares `forwarded_allow_ips` entries with the client address as plain text, so `{{entry}}` never matches; CIDR ranges work only from 24.1.0. List the proxy addresses one by one.',
    cidrUnknown: 'CIDR ranges such as `{{entry}}` work in `forwarded_allow_ips` only from gunicorn 24.1.0; older versions (Debian 12 has 20.1.0) compare the text and never match. Set `wsconf.gunicorn.version` to check, or list the addresses one by one.',
  },
  create(context) {
    const { file, settings } = context;
    return {
      ':exit'() {
        const allow = settingOf(file, 'forwarded_allow_ips');
        const value = literalOf(allow?.value);
        if (allow && typeof value === 'string' && allow.value.kind === 'str') {
          const version = settings.gunicornVersion;
          if (!version || compareVersions(version, '24.1.0') < 0) {
            for (const entry of value.split(',').map((e) => e.trim()).filter((e) => e.includes('/'))) {
              context.report({ span: allow.value, messageId: version ? 'cidr' : 'cidrUnknown', severity: version ? 'warning' : 'info', data: { entry, version: version ?? '' } });
            }
          }
        }
        if (allow || importedName(file, 'forwarded_allow_ips')) return;
        for (const address of bindAddresses(file).addresses) {
          if (address.kind !== 'tcp' || isLoopback(address.host) || isAllInterfaces(address.host)) continue;
          context.report({ span: address, messageId: 'remote', data: { address: address.text } });
          return;
        }
      },
    };
  },
});
