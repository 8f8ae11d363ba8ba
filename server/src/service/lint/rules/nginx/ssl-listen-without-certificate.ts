/**
 * N-28. nginx decides TLS per address: `ssl` on any `listen` of an address makes it TLS for every
 * server there, and the address's default server needs `ssl_certificate` (its own or inherited)
 * unless it sets `ssl_reject_handshake on`. Verified on nginx 1.22.1, http and stream: `no
 * "ssl_certificate" is defined for the "listen ... ssl" directive`, also for a default server with
 * a plain `listen` there. A non-default server without a certificate passes `nginx -t` and shows
 * the default server's certificate (a warning). `ssl on` needs a certificate too, and every
 * `ssl_certificate` needs an `ssl_certificate_key`, even without TLS. Servers that include a file
 * missing from the workspace or Debian's snippets/snakeoil.conf (content unknown) are skipped.
 *
 *     server { listen 443 ssl; server_name app.example; }                              # flagged
 *     server { listen 443 ssl; ssl_certificate a.crt; ssl_certificate_key a.key; }    # fine
 */
import type { ConfigNode } from '../../../languages/nginx/model';
import { effectiveList, effectiveScalar, levelsFrom } from '../../../languages/nginx/semantics';
import { versionAtLeast } from '../../../languages/nginx/values';
import type { Fixer } from '../../fixer';
import type { FixDescriptor } from '../../rule';
import { defineNginxRule } from '../../rule';

type Listener = { server: ConfigNode; listen: ConfigNode | undefined; ssl: boolean; isDefault: boolean };

const UNKNOWN_KINDS = new Set(['include-missing', 'file-unreadable', 'file-too-large']);
const SNAKEOIL = /(^|\/)snippets\/snakeoil\.conf$/;

/** `443` and `0.0.0.0:443` → `*:443`, `localhost` → `localhost:80`; `quic` listeners are UDP. */
function addressKey(listen: ConfigNode): string {
  const args = listen.directive.args.map((a) => a.value);
  let addr = (args[0] ?? '').toLowerCase();
  if (/^\d+$/.test(addr)) addr = `*:${addr}`;
  else if (!addr.startsWith('unix:') && !(addr.startsWith('[') ? /\]:\d+$/ : /:\d+$/).test(addr)) addr = `${addr}:80`;
  return `${listen.context}|${args.includes('quic') ? 'udp' : 'tcp'}|${addr.replace(/^0\.0\.0\.0:/, '*:')}`;
}

export default defineNginxRule({
  id: 'nginx/ssl-listen-without-certificate',
  meta: {
    failure: 'startup',
    description: 'A server that accepts TLS needs ssl_certificate and ssl_certificate_key.',
    severity: 'error',
    fixable: 'suggestion',
  },
  messages: {
    noCertificate: 'nginx refuses to start: {{address}} accepts TLS{{via}}, but this server has no ssl_certificate (here or at the {{block}} level). Add ssl_certificate and ssl_certificate_key, or drop `ssl` if this port is meant for plain HTTP.',
    usesDefaultCertificate: "This server accepts TLS on {{address}} but has no ssl_certificate, so nginx presents the default server's certificate for that address; clients of this server's names reject it unless it covers them too. Add this server's own ssl_certificate and ssl_certificate_key.",
    sslOnWithoutCertificate: 'nginx refuses to start: `ssl on` turns on TLS, but this server has no ssl_certificate. Add ssl_certificate and ssl_certificate_key.',
    noKey: 'nginx refuses to start: the certificate `{{certificate}}` has no matching ssl_certificate_key (each ssl_certificate needs its own key, in the same order). Add `ssl_certificate_key` for it.',
  },
  create(context) {
    const { model } = context;
    const servers: ConfigNode[] = [];
    const unknownAt = new Set(model.problems.filter((p) => UNKNOWN_KINDS.has(p.kind)).map((p) => `${p.file}\u0000${p.span.start}`));
    const unknownInclude = (c: ConfigNode) =>
      c.name === 'include' && (unknownAt.has(`${c.file.path}\u0000${c.directive.args[0]?.start}`) || SNAKEOIL.test(c.directive.args[0]?.value ?? ''));
    // Every server shares the http level: remember each level's answer, or a config of a
    // thousand servers would scan the http block a thousand times.
    const levelHidden = new Map<ConfigNode | undefined, boolean>();
    const hidden = (server: ConfigNode) =>
      levelsFrom(server, model).some((level) => {
        let answer = levelHidden.get(level.owner);
        if (answer === undefined) levelHidden.set(level.owner, (answer = level.children.some(unknownInclude)));
        return answer;
      });
    const states = new Map<ConfigNode, 'yes' | 'no' | 'reject' | 'unknown'>();
    const stateOf = (server: ConfigNode): 'yes' | 'no' | 'reject' | 'unknown' => {
      let state = states.get(server);
      if (state) return state;
      if (effectiveList(server, 'ssl_certificate', model)) state = 'yes';
      else if (hidden(server)) state = 'unknown';
      else state = effectiveScalar(server, 'ssl_reject_handshake', model)?.values[0] === 'on' ? 'reject' : 'no';
      states.set(server, state);
      return state;
    };
    const suggest = (server: ConfigNode): FixDescriptor[] => {
      const name = effectiveScalar(server, 'server_name', model)?.values.find((n) => /^[a-z0-9.-]+\.[a-z]+$/i.test(n)) ?? 'example.com';
      const lines = [`ssl_certificate /etc/letsencrypt/live/${name}/fullchain.pem;`, `ssl_certificate_key /etc/letsencrypt/live/${name}/privkey.pem;`];
      const anchor = [...server.children].reverse().find((c) => (c.name === 'listen' || c.name === 'server_name') && c.includedBy === undefined);
      return [{ title: `Add a Let's Encrypt certificate for ${name}`, apply: (f) => (anchor ? f.insertLinesAfter(anchor, lines) : f.insertLinesAtBlockStart(server, lines)) }];
    };

    return {
      server(node) {
        if (node.context === 'http' || node.context === 'stream') servers.push(node);
      },
      ':exit'() {
        const groups = new Map<string, Listener[]>();
        for (const server of servers) {
          const listens = server.children.filter((c) => c.name === 'listen' && c.directive.args.length > 0);
          // An http server without listen is on *:80.
          for (const listen of listens.length > 0 ? listens : server.context === 'http' ? [undefined] : []) {
            const args = listen?.directive.args.map((a) => a.value) ?? [];
            const entry = { server, listen, ssl: args.includes('ssl') || args.includes('quic'), isDefault: args.includes('default_server') || args.includes('default') };
            const key = listen ? addressKey(listen) : 'server|tcp|*:80';
            const group = groups.get(key);
            if (group) group.push(entry);
            else groups.set(key, [entry]);
          }
        }
        // One finding per server, the error if it is (or shares an address with) a default server without one.
        const worst = new Map<ConfigNode, { entry: Listener; tls: Listener; address: string; certain: boolean }>();
        for (const [key, group] of groups) {
          const tls = group.find((l) => l.ssl);
          if (!tls) continue;
          const main = group.find((l) => l.isDefault) ?? group[0]!;
          const mainState = stateOf(main.server);
          for (const entry of group) {
            if (!entry.listen || stateOf(entry.server) !== 'no') continue;
            const certain = entry === main || mainState === 'no' || mainState === 'reject';
            const previous = worst.get(entry.server);
            if (!previous || (certain && !previous.certain)) worst.set(entry.server, { entry, tls, address: key.slice(key.lastIndexOf('|') + 1), certain });
          }
        }
        for (const [server, { entry, tls, address, certain }] of worst) {
          const data = { address, via: entry.ssl ? '' : ' (because of `listen … ssl` in another server)', block: server.context ?? 'http' };
          const related = entry.ssl ? [] : [{ node: tls.listen!, message: 'This listen makes the address TLS.' }];
          context.report({ node: entry.listen, messageId: certain ? 'noCertificate' : 'usesDefaultCertificate', severity: certain ? 'error' : 'warning', data, suggest: suggest(server), related });
        }
        const sslRemoved = versionAtLeast(context.settings.nginxVersion, '1.25.1') === true;
        for (const server of servers) {
          const ssl = effectiveScalar(server, 'ssl', model);
          if (!sslRemoved && ssl?.values[0] === 'on' && !worst.has(server) && stateOf(server) === 'no') {
            context.report({ node: ssl.node, messageId: 'sslOnWithoutCertificate', suggest: suggest(server) });
          }
          const keys = effectiveList(server, 'ssl_certificate_key', model)?.entries ?? [];
          const unpaired = effectiveList(server, 'ssl_certificate', model)?.entries[keys.length];
          if (!unpaired || hidden(server)) continue;
          const certificate = unpaired.directive.args[0]?.value ?? '';
          const key = /(fullchain|cert)\.pem$/.test(certificate) ? certificate.replace(/(fullchain|cert)\.pem$/, 'privkey.pem') : certificate.replace(/\.(crt|cer|pem)$/, '.key');
          const addKey = { title: `Add ssl_certificate_key ${key}`, apply: (f: Fixer) => f.insertLinesAfter(unpaired, [`ssl_certificate_key ${key};`]) };
          context.report({ node: unpaired, messageId: 'noKey', data: { certificate }, suggest: [addKey] });
        }
      },
    };
  },
});
