/**
 * Hand-written hover notes for the directives and variables that decide whether WebSocket and
 * Socket.IO traffic survives nginx. Written in our own words from the facts collected in
 * docs/rules.md (§2, §5.1); the official text is shown separately (descriptions.ts) with a link.
 * Version facts name the nginx release that changed behaviour, because Debian bookworm ships
 * 1.22.1 while nginx.org documents the newest release.
 */
import type { DirectiveNote, VariableNote } from './types';

// A null prototype: lookups by user-typed names such as `constructor` must find nothing.
export const NOTES: Readonly<Record<string, DirectiveNote>> = Object.assign(Object.create(null) as Record<string, DirectiveNote>, {
  // --- proxying --------------------------------------------------------------------------------
  proxy_pass: {
    summary: 'Sends the request to an HTTP backend: an address, a unix socket (`http://unix:/path:`) or an `upstream` name.',
    websocket:
      'A WebSocket location needs it plus the Upgrade/Connection headers and HTTP/1.1 towards the backend. ' +
      'A URI part after the host swaps the matched location prefix for that URI, so `/socket.io/` can arrive at the app as `/` and miss its Socket.IO path. ' +
      'A URI part is rejected inside regex or named locations, `if` and `limit_except`.',
  },
  proxy_http_version: {
    summary: 'Chooses the HTTP version nginx speaks to the backend.',
    websocket:
      'The upgrade handshake only works over HTTP/1.1; before nginx 1.29.7 the default was 1.0, so configs for Debian 1.22 must say `1.1`. ' +
      'Value `2` (nginx 1.29.4+) cannot carry WebSockets, and 1.22 refuses it outright.',
    values: ['1.0', '1.1', '2'],
  },
  proxy_set_header: {
    summary: 'Adds, changes or (with an empty value) removes a request header sent to the backend.',
    websocket:
      '`Upgrade` and `Connection` are hop-by-hop and are dropped unless set here (`Upgrade $http_upgrade`, `Connection $connection_upgrade`). ' +
      'A block that sets any header stops inheriting all headers from outer levels, a common way to lose `Host` or `X-Forwarded-Proto` and get Socket.IO\'s "Not an accepted origin" (400).',
  },
  proxy_buffering: {
    summary: 'Whether nginx collects backend responses in buffers before passing them on.',
    websocket:
      'An upgraded tunnel is never buffered, and Engine.IO polling replies are small, so leaving it on does not break Socket.IO; ' +
      'turning it off (as the Flask-SocketIO guide does) matters for streaming and server-sent events.',
  },
  proxy_request_buffering: {
    summary: 'Whether the client request body is read completely before it is forwarded.',
    websocket: 'Only affects request bodies such as Engine.IO polling POSTs, not frames inside an upgraded connection.',
  },
  proxy_read_timeout: {
    summary: 'Longest pause allowed between two reads from the backend.',
    websocket:
      'This is the idle timeout of a proxied WebSocket: with no traffic for this long (60s by default) nginx closes the tunnel. ' +
      'Socket.IO pings every 25s, so keep it at 60s or more; raise it, or enable server pings, for plain WebSockets that may stay silent.',
  },
  proxy_send_timeout: {
    summary: 'Longest pause allowed between two writes to the backend.',
    websocket: 'Only counts while nginx is waiting to write to the backend, so it does not close idle WebSockets; `proxy_read_timeout` does.',
  },
  proxy_connect_timeout: {
    summary: 'How long nginx waits for the TCP connection to the backend to be established.',
    websocket: 'Covers the connect only, not the life of the tunnel; values above about 75s usually have no effect.',
  },
  proxy_cache: {
    summary: 'Names the shared cache zone for responses, or `off`.',
    websocket: 'Engine.IO polling responses belong to one session each; a cache that answers them mixes clients up. Set `proxy_cache off;` in Socket.IO locations when a cache is inherited.',
  },
  proxy_socket_keepalive: {
    summary: 'Turns on TCP keepalive probes on the connection to the backend.',
    websocket: 'Can keep long idle tunnels alive through NAT or firewalls between nginx and the app; it does not reset `proxy_read_timeout`.',
    values: ['on', 'off'],
    since: '1.15.6',
  },
  proxy_redirect: {
    summary: 'Rewrites `Location` and `Refresh` headers in backend replies.',
    websocket: 'Irrelevant for the upgrade itself; matters when the app redirects to its own internal address.',
  },
  proxy_next_upstream: {
    summary: 'Which failures make nginx retry the request on another upstream server.',
    websocket: 'A retried polling request lands on a different worker unless the upstream is sticky, and that worker does not know the Socket.IO session.',
  },
  proxy_ignore_client_abort: {
    summary: 'Whether nginx keeps the backend request going when the client disconnects.',
  },
  proxy_buffer_size: {
    summary: 'Buffer for the first part of the backend reply (its headers).',
    websocket: 'Also sets the chunk size nginx reads with when it passes data through unbuffered, which includes WebSocket tunnels.',
  },

  // --- upstreams ---------------------------------------------------------------------------------
  upstream: {
    summary: 'Defines a named group of backend servers that `proxy_pass`/`uwsgi_pass` can target.',
    websocket:
      'Without a balancing directive requests rotate between servers, which breaks Socket.IO long-polling once there are two or more servers: ' +
      'the session lives in one process. Add `ip_hash;` or `hash $remote_addr consistent;`, and a message queue in the app.',
  },
  server: {
    summary: 'In `http`: a virtual server block. In `upstream`: one backend address with optional weight=, max_fails=, backup and similar parameters.',
    websocket:
      'Upstream servers use port 80 when none is given; unix sockets need the `unix:` prefix. ' +
      '`backup` cannot be combined with ip_hash, hash or random.',
  },
  ip_hash: {
    summary: 'Chooses the upstream server from the client IP address.',
    websocket:
      'The simplest way to keep a Socket.IO client on one worker. IPv4 clients are grouped by their first three octets, ' +
      'so everyone behind one NAT, proxy or CDN lands on the same server unless the real client IP is restored first.',
  },
  hash: {
    summary: 'Chooses the upstream server from a key built from variables; `consistent` limits reshuffling when servers change.',
    websocket: 'Sticky only when the key is stable per client, e.g. `$remote_addr` or a cookie; `$request_uri` changes with every Engine.IO request.',
    since: '1.7.2',
  },
  least_conn: {
    summary: 'Sends each request to the server with the fewest active connections.',
    websocket: 'Not sticky, so Socket.IO polling requests of one session can reach different workers.',
  },
  random: {
    summary: 'Picks the upstream server at random, optionally the better of two picks.',
    websocket: 'Not sticky; unsuitable for Socket.IO with more than one server.',
    since: '1.15.1',
  },
  sticky: {
    summary: 'Session affinity by cookie, route or learned session id.',
    websocket:
      'Gives Socket.IO the stickiness it needs, but open-source nginx only has it from 1.29.6 (earlier it was NGINX Plus only): ' +
      'Debian\'s 1.22 fails with "unknown directive". Use `ip_hash` there.',
    since: '1.29.6',
  },
  keepalive: {
    summary: 'Keeps up to this many idle connections to the upstream servers open per worker.',
    websocket:
      'Reuse needs HTTP/1.1 and an empty `Connection` header towards the backend, so a map that sends `close` for ordinary requests defeats it. ' +
      'From 1.29.7 nginx enables `keepalive 32 local` by default; before 1.29.7 it has to come after the balancing directive.',
  },
  keepalive_timeout: {
    summary: 'In http/server/location: how long an idle client keep-alive connection stays open. In `upstream`: the same for idle backend connections.',
    websocket: 'Does not apply to an upgraded WebSocket connection; that one is governed by `proxy_read_timeout`.',
  },
  zone: {
    summary: 'Puts the upstream group\'s configuration and state in shared memory, shared by all workers.',
  },

  // --- variables and headers ----------------------------------------------------------------------
  map: {
    summary: 'Defines a variable whose value is looked up from another value, evaluated when first used.',
    websocket:
      'The usual WebSocket recipe `map $http_upgrade $connection_upgrade { default upgrade; \'\' close; }` must sit directly in `http`, ' +
      'never in a server or location. Without a `default` entry unmatched values become an empty string.',
  },
  add_header: {
    summary: 'Adds a header to responses; only to success and redirect codes unless `always` is given.',
    websocket: 'Like `proxy_set_header`, a block with its own `add_header` drops every `add_header` of outer levels (nginx 1.29.3 adds `add_header_inherit` to change that).',
  },
  add_header_inherit: {
    summary: 'Controls whether `add_header` lists of outer levels are kept, replaced or merged.',
    values: ['on', 'off', 'merge'],
    since: '1.29.3',
  },
  return: {
    summary: 'Stops processing and answers with a status code, a redirect URL or a text.',
    websocket: 'Browsers do not follow redirects during a WebSocket handshake, so redirect the page to https, not the socket.',
  },

  // --- uwsgi -------------------------------------------------------------------------------------
  uwsgi_pass: {
    summary: 'Sends the request to a uWSGI server over the binary uwsgi protocol.',
    websocket:
      'Carries WebSocket upgrades without extra header settings, because every client header reaches uWSGI as a variable. ' +
      'The target must be a uWSGI `socket`, not an `http-socket` or a gunicorn/uvicorn port.',
  },
  uwsgi_param: {
    summary: 'Sets a variable in the request sent to uWSGI, usually via `include uwsgi_params;`.',
    websocket: 'A block with its own `uwsgi_param` stops inheriting the whole `uwsgi_params` set from outer levels.',
  },
  uwsgi_read_timeout: {
    summary: 'Longest pause allowed between two reads from the uWSGI server.',
    websocket: 'The idle timeout of a WebSocket passed through `uwsgi_pass` (60s by default).',
  },
  uwsgi_send_timeout: {
    summary: 'Longest pause allowed between two writes to the uWSGI server.',
  },
  uwsgi_buffering: {
    summary: 'Whether replies from uWSGI are buffered; the uwsgi counterpart of `proxy_buffering`.',
  },
  uwsgi_request_buffering: {
    summary: 'Whether the client request body is read completely before it goes to uWSGI.',
  },
  uwsgi_socket_keepalive: {
    summary: 'Turns on TCP keepalive probes on the connection to uWSGI.',
    since: '1.15.6',
  },

  // --- http core -----------------------------------------------------------------------------------
  client_max_body_size: {
    summary: 'Largest request body accepted; bigger ones get 413, and 0 means no limit.',
    websocket:
      'Frames inside an upgraded connection are not request bodies and are not limited by it. ' +
      'It does apply to Engine.IO polling POSTs; its 1m default already covers Engine.IO\'s 1 MB default message size.',
  },
  listen: {
    summary: 'Address and port a server accepts connections on, with options such as `ssl`, `default_server` and `proxy_protocol`.',
    websocket: '`listen ... ssl` needs `ssl_certificate` and `ssl_certificate_key`. The `http2` option does not hurt WebSockets: browsers open them over a separate HTTP/1.1 connection.',
  },
  server_name: {
    summary: 'Host names this server answers; `_` is merely a name that never matches, used for catch-all servers.',
  },
  location: {
    summary: 'Settings for requests whose URI matches a prefix, exact string (`=`), regex (`~`, `~*`) or name (`@name`).',
    websocket:
      'Socket.IO requests `/socket.io/?EIO=...`, so `location = /socket.io` never matches; use the prefix `location /socket.io/` ' +
      '(with `^~` if a regex location could take it).',
  },
  send_timeout: {
    summary: 'Longest pause allowed between two writes to the client.',
    websocket: 'Also applies inside a WebSocket tunnel while nginx is blocked writing to a slow client.',
  },
  resolver: {
    summary: 'DNS servers nginx uses at run time.',
    websocket: 'Needed when `proxy_pass` builds the host name from variables; without it such requests fail with 502.',
  },
  include: {
    summary: 'Inserts another file (or every file matching a glob) at this point; relative paths start at the configuration directory.',
    websocket: '`include proxy_params;` inside a location counts as setting `proxy_set_header` there, which stops inheritance from the server level.',
  },

  // --- TLS and HTTP/2 ------------------------------------------------------------------------------
  ssl_certificate: {
    summary: 'Certificate file (with chain) presented by servers that listen with `ssl`.',
    websocket: 'Required together with `ssl_certificate_key` for `wss://`; nginx -t fails without it.',
  },
  ssl_certificate_key: {
    summary: 'Private key file for `ssl_certificate`.',
  },
  ssl: {
    summary: 'Old switch that turned on TLS for a whole server.',
    websocket: 'Deprecated since 1.15.0 and removed in 1.25.1; put `ssl` on the `listen` line instead.',
    values: ['on', 'off'],
  },
  http2: {
    summary: 'Turns on HTTP/2 for the server, replacing the `http2` option of `listen`.',
    websocket: 'Harmless for WebSockets: nginx does not run them over HTTP/2, so browsers use a separate HTTP/1.1 connection. Not known to nginx before 1.25.1.',
    values: ['on', 'off'],
    since: '1.25.1',
  },

  // --- process level -------------------------------------------------------------------------------
  worker_connections: {
    summary: 'Most simultaneous connections one worker process may hold, counting client and backend sides.',
    websocket: 'Every proxied WebSocket stays open and uses two connections, so Debian\'s 768 allows roughly 384 sockets per worker; raise it together with `worker_rlimit_nofile`.',
  },
  worker_processes: {
    summary: 'Number of worker processes; `auto` uses one per CPU core.',
    values: ['auto'],
  },
  worker_rlimit_nofile: {
    summary: 'Open-file limit for worker processes.',
    websocket: 'Should be at least twice `worker_connections` when many WebSockets are open.',
  },
});

// A null prototype: lookups by user-typed names such as `constructor` must find nothing.
export const VARIABLE_NOTES: Readonly<Record<string, VariableNote>> = Object.assign(Object.create(null) as Record<string, VariableNote>, {
  http_upgrade: {
    summary: 'The `Upgrade` header the client sent (for WebSockets: `websocket`), empty when absent.',
    websocket: 'Forward it with `proxy_set_header Upgrade $http_upgrade;` and use it as the source of the `$connection_upgrade` map.',
    builtin: true,
  },
  connection_upgrade: {
    summary: 'Not provided by nginx: a name the usual WebSocket recipe defines with `map $http_upgrade $connection_upgrade { ... }` in `http`.',
    websocket: 'Using it without that map makes `nginx -t` fail with an unknown-variable error.',
    builtin: false,
  },
  host: {
    summary: 'Host name of the request without the port, in lower case: from the request line, else the Host header, else the server name.',
    websocket: 'Because the port is missing, a Socket.IO site on a non-standard port fails the origin check; use `$http_host` or `$host:$server_port` there.',
    builtin: true,
  },
  http_host: {
    summary: 'The raw `Host` header, port included; empty when the client sent none.',
    websocket: 'Keeps the port the browser used, so it matches the `Origin` header; it is client input and not normalised.',
    builtin: true,
  },
  proxy_host: {
    summary: 'Host and port as written in `proxy_pass`, such as an upstream name or `127.0.0.1:5000`.',
    websocket: 'This is what the backend receives as `Host` unless a `Host` header is set, and it rarely matches the browser origin.',
    builtin: true,
  },
  proxy_add_x_forwarded_for: {
    summary: 'The client\'s `X-Forwarded-For` header with `$remote_addr` appended (just `$remote_addr` when the header is absent).',
    builtin: true,
  },
  scheme: {
    summary: '`http` or `https`, the scheme the client used to reach nginx.',
    websocket: 'Send it as `X-Forwarded-Proto` so the app builds `https://` origins and `wss://` URLs behind TLS termination.',
    builtin: true,
  },
  server_port: {
    summary: 'Port of the server that accepted the request.',
    builtin: true,
  },
  remote_addr: {
    summary: 'IP address of the client connection, which is the load balancer or CDN if one sits in front.',
    websocket: 'Good key for `hash ... consistent` stickiness only when clients reach nginx directly or the real IP module restores it.',
    builtin: true,
  },
  binary_remote_addr: {
    summary: 'Client address in compact binary form (4 bytes for IPv4, 16 for IPv6), the usual key for limit zones.',
    builtin: true,
  },
  request_port: {
    summary: 'Port the client addressed: taken from an absolute request URI, else from the Host header; empty when neither has one.',
    websocket: 'With `$is_request_port` it rebuilds a Host that keeps the port: `$host$is_request_port$request_port`.',
    builtin: true,
    since: '1.29.3',
  },
  is_request_port: {
    summary: '`:` when the request carried a port, otherwise empty.',
    builtin: true,
    since: '1.29.3',
  },
  realip_remote_addr: {
    summary: 'The original connection address, kept by the real IP module after it replaced `$remote_addr`.',
    builtin: true,
  },
});
