/**
 * Files that Debian's nginx packages install under /etc/nginx. A repository rarely carries
 * them, yet configs include them; their content is known, so a location that includes
 * `proxy_params` is analysed with the headers it really sets (nginx-common 1.22.1-9+deb12u6
 * and later send `Host $host`; earlier builds sent `$http_host`).
 */

const PROXY_PARAMS = `proxy_set_header Host $host;
proxy_set_header X-Real-IP $remote_addr;
proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
proxy_set_header X-Forwarded-Proto $scheme;
`;

const UWSGI_PARAMS = `uwsgi_param QUERY_STRING $query_string;
uwsgi_param REQUEST_METHOD $request_method;
uwsgi_param CONTENT_TYPE $content_type;
uwsgi_param CONTENT_LENGTH $content_length;
uwsgi_param REQUEST_URI $request_uri;
uwsgi_param PATH_INFO $document_uri;
uwsgi_param DOCUMENT_ROOT $document_root;
uwsgi_param SERVER_PROTOCOL $server_protocol;
uwsgi_param REQUEST_SCHEME $scheme;
uwsgi_param HTTPS $https if_not_empty;
uwsgi_param REMOTE_ADDR $remote_addr;
uwsgi_param REMOTE_PORT $remote_port;
uwsgi_param SERVER_PORT $server_port;
uwsgi_param SERVER_NAME $server_name;
uwsgi_param HTTP_HOST $host;
`;

/** Stock files whose directives matter to the analysis, by path relative to the prefix. */
const KNOWN_CONTENT = new Map<string, string>(Object.entries({
  proxy_params: PROXY_PARAMS,
  uwsgi_params: UWSGI_PARAMS,
}));

/** Stock files that exist on a Debian server; including them is never an error. */
const KNOWN_NAMES = new Set([
  'mime.types',
  'proxy_params',
  'uwsgi_params',
  'fastcgi_params',
  'fastcgi.conf',
  'scgi_params',
  'koi-utf',
  'koi-win',
  'win-utf',
  'snippets/fastcgi-php.conf',
  'snippets/snakeoil.conf',
]);

/** `relative` is the include path relative to the nginx prefix, e.g. `proxy_params`. */
export function stockFileContent(relative: string): string | undefined {
  return KNOWN_CONTENT.get(relative);
}

export function isStockFile(relative: string): boolean {
  return KNOWN_NAMES.has(relative) || /^modules-(enabled|available)\//.test(relative);
}
