/**
 * Directives of common third-party nginx modules. They are not in the official docs (so not in
 * DIRECTIVES), but Debian ships many of them as libnginx-mod-* packages (nginx-extras pulls in
 * lua, headers-more, echo, fancyindex, geoip2, ...), and OpenResty/Docker images add more.
 * The linter must never call them unknown; it cannot check their contexts or arguments either.
 */

export interface ThirdPartyModule {
  /** Module or project name as users know it, e.g. `lua-nginx-module`. */
  readonly module: string;
  /** Exact directive names. */
  readonly names?: readonly string[];
  /** Name prefixes that belong to this module only (no official directive starts with them). */
  readonly prefixes?: readonly string[];
}

export const THIRD_PARTY_MODULES: readonly ThirdPartyModule[] = [
  {
    module: 'lua-nginx-module',
    // `*_by_lua*` phase handlers are matched by LUA_HANDLER below; these are the plain settings.
    names: ['rewrite_by_lua_no_postpone', 'access_by_lua_no_postpone'],
    prefixes: ['lua_'],
  },
  { module: 'stream-lua-nginx-module', names: ['preread_by_lua_no_postpone'] },
  { module: 'lua-upstream-nginx-module', prefixes: ['lua_upstream_'] },
  {
    module: 'headers-more-nginx-module',
    names: ['more_set_headers', 'more_clear_headers', 'more_set_input_headers', 'more_clear_input_headers'],
  },
  { module: 'echo-nginx-module', names: ['echo'], prefixes: ['echo_'] },
  { module: 'ngx_devel_kit', prefixes: ['ndk_'] },
  {
    module: 'set-misc-nginx-module',
    // Listed one by one: `set_` alone would also cover core `set_real_ip_from`.
    names: [
      'set_if_empty', 'set_quote_sql_str', 'set_quote_pgsql_str', 'set_quote_json_str', 'set_unescape_uri',
      'set_escape_uri', 'set_encode_base32', 'set_decode_base32', 'set_base32_padding', 'set_misc_base32_padding',
      'set_base32_alphabet', 'set_encode_base64', 'set_decode_base64', 'set_encode_base64url',
      'set_decode_base64url', 'set_encode_hex', 'set_decode_hex', 'set_sha1', 'set_md5', 'set_hmac_sha1',
      'set_hmac_sha256', 'set_random', 'set_secure_random_alphanum', 'set_secure_random_lcalpha', 'set_rotate',
      'set_local_today', 'set_formatted_gmt_time', 'set_formatted_local_time', 'set_hashed_upstream',
    ],
  },
  {
    module: 'encrypted-session-nginx-module',
    names: ['encrypted_session_key', 'encrypted_session_iv', 'encrypted_session_expires', 'set_encrypt_session', 'set_decrypt_session'],
  },
  { module: 'form-input-nginx-module', names: ['set_form_input', 'set_form_input_multi'] },
  { module: 'array-var-nginx-module', names: ['array_split', 'array_join', 'array_map', 'array_map_op'] },
  { module: 'iconv-nginx-module', names: ['set_iconv', 'iconv_buffer_size', 'iconv_filter'] },
  { module: 'srcache-nginx-module', prefixes: ['srcache_'] },
  { module: 'memc-nginx-module', prefixes: ['memc_'] },
  { module: 'redis2-nginx-module', prefixes: ['redis2_'] },
  { module: 'ngx_http_redis', names: ['redis_pass', 'redis_bind', 'redis_connect_timeout', 'redis_send_timeout', 'redis_read_timeout', 'redis_buffer_size', 'redis_next_upstream', 'redis_gzip_flag'] },
  { module: 'replace-filter-nginx-module', names: ['replace_filter'], prefixes: ['replace_filter_'] },
  { module: 'xss-nginx-module', prefixes: ['xss_'] },
  { module: 'rds-json-nginx-module', names: ['rds_json'], prefixes: ['rds_json_'] },
  { module: 'rds-csv-nginx-module', names: ['rds_csv'], prefixes: ['rds_csv_'] },
  { module: 'drizzle-nginx-module', prefixes: ['drizzle_'] },
  { module: 'ngx_postgres', prefixes: ['postgres_'] },
  // njs directives are documented (DIRECTIVES has them); the prefix keeps newer ones from being
  // reported before the reference data catches up.
  { module: 'njs', prefixes: ['js_'] },
  { module: 'ngx_brotli', names: ['brotli'], prefixes: ['brotli_'] },
  { module: 'zstd-nginx-module', names: ['zstd'], prefixes: ['zstd_'] },
  { module: 'ngx_http_geoip2_module', names: ['geoip2'], prefixes: ['geoip2_'] },
  { module: 'nginx-module-vts', names: ['vhost_traffic_status'], prefixes: ['vhost_traffic_status_'] },
  { module: 'nginx-module-sts', names: ['server_traffic_status'], prefixes: ['server_traffic_status_'] },
  { module: 'ngx-fancyindex', names: ['fancyindex'], prefixes: ['fancyindex_'] },
  { module: 'nginx-dav-ext-module', prefixes: ['dav_ext_'] },
  { module: 'ngx_http_auth_pam_module', names: ['auth_pam'], prefixes: ['auth_pam_'] },
  { module: 'nginx-auth-ldap', names: ['auth_ldap', 'ldap_server'], prefixes: ['auth_ldap_'] },
  { module: 'spnego-http-auth-nginx-module', names: ['auth_gss'], prefixes: ['auth_gss_'] },
  { module: 'ngx_http_substitutions_filter_module', names: ['subs_filter'], prefixes: ['subs_filter_'] },
  {
    module: 'nginx-upload-progress-module',
    names: ['upload_progress', 'track_uploads', 'report_uploads'],
    prefixes: ['upload_progress_'],
  },
  { module: 'nginx-upload-module', prefixes: ['upload_'] },
  { module: 'nginx-upstream-fair', names: ['fair', 'upstream_fair_shm_size'] },
  // nginx-sticky-module-ng's `sticky` itself is documented (open source since 1.29.6).
  { module: 'nginx-sticky-module-ng', names: ['sticky_hide_cookie', 'sticky_no_fallback'] },
  {
    module: 'nginx_upstream_check_module',
    names: ['check', 'check_http_send', 'check_http_expect_alive', 'check_fastcgi_param', 'check_keepalive_requests', 'check_shm_size', 'check_status'],
  },
  { module: 'nginx-upsync-module', names: ['upsync'], prefixes: ['upsync_'] },
  { module: 'ngx_cache_purge', names: ['cache_purge_response_type'] },
  { module: 'nchan', prefixes: ['nchan_'] },
  { module: 'nginx-push-stream-module', prefixes: ['push_stream_'] },
  {
    module: 'nginx-rtmp-module',
    // The `rtmp { }` block holds its own directives (application, live, ...), which a linter
    // must not check against http contexts anyway.
    names: ['rtmp', 'rtmp_auto_push', 'rtmp_auto_push_reconnect', 'rtmp_socket_dir', 'rtmp_control', 'rtmp_stat', 'rtmp_stat_stylesheet'],
  },
  { module: 'nginx-vod-module', names: ['vod'], prefixes: ['vod_'] },
  { module: 'ModSecurity-nginx', names: ['modsecurity'], prefixes: ['modsecurity_'] },
  {
    module: 'naxsi',
    names: ['SecRulesEnabled', 'SecRulesDisabled', 'LearningMode', 'DeniedUrl', 'CheckRule', 'BasicRule', 'MainRule', 'LibInjectionSql', 'LibInjectionXss'],
  },
  { module: 'ngx_pagespeed', names: ['pagespeed'] },
  { module: 'Phusion Passenger', prefixes: ['passenger_'] },
  { module: 'nginx-opentracing', names: ['opentracing'], prefixes: ['opentracing_'] },
  { module: 'testcookie-nginx-module', names: ['testcookie'], prefixes: ['testcookie_'] },
  { module: 'nginx-module-sysguard', names: ['sysguard'], prefixes: ['sysguard_'] },
];

/** lua-nginx-module and stream-lua phase handlers: `content_by_lua_block`, `ssl_certificate_by_lua_file`, ... */
const LUA_HANDLER = /_by_lua(_block|_file)?$/;

const byName = new Map<string, ThirdPartyModule>();
const prefixes: [string, ThirdPartyModule][] = [];
for (const m of THIRD_PARTY_MODULES) {
  for (const n of m.names ?? []) byName.set(n, m);
  for (const p of m.prefixes ?? []) prefixes.push([p, m]);
}
// Longest prefix first, so `lua_upstream_` wins over `lua_`.
prefixes.sort(([a], [b]) => b.length - a.length);

const LUA: ThirdPartyModule = THIRD_PARTY_MODULES[0] ?? { module: 'lua-nginx-module' };

/** The third-party module a directive name belongs to, if it looks like one. */
export function thirdPartyModule(name: string): ThirdPartyModule | undefined {
  const exact = byName.get(name);
  if (exact) return exact;
  if (LUA_HANDLER.test(name)) return LUA;
  for (const [p, m] of prefixes) if (name.startsWith(p) && name.length > p.length) return m;
  return undefined;
}

/** True when `name` belongs to a known third-party module and must not be reported as unknown. */
export function isKnownThirdParty(name: string): boolean {
  return thirdPartyModule(name) !== undefined;
}
