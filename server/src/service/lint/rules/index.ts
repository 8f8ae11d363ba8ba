/**
 * The explicit, sorted registry of rules. Adding a rule: one file, one line here, one
 * fixture folder under test/fixtures/rules/.
 */
import type { GunicornRule, UwsgiRule } from '../file-rule';
import type { NginxRule } from '../rule';
import analysisLimit from './nginx/analysis-limit';
import connectionUpgradeVariableUndefined from './nginx/connection-upgrade-variable-undefined';
import directiveNotAllowedHere from './nginx/directive-not-allowed-here';
import duplicateLocation from './nginx/duplicate-location';
import includeCycle from './nginx/include-cycle';
import includeNotFound from './nginx/include-not-found';
import invalidArgumentCount from './nginx/invalid-argument-count';
import invalidValue from './nginx/invalid-value';
import missingEventsSection from './nginx/missing-events-section';
import proxyPassUriNotAllowed from './nginx/proxy-pass-uri-not-allowed';
import proxySetHeaderInheritanceLost from './nginx/proxy-set-header-inheritance-lost';
import socketioProxyPassUriMismatch from './nginx/socketio-proxy-pass-uri-mismatch';
import socketioUpstreamNotSticky from './nginx/socketio-upstream-not-sticky';
import sslDirectiveDeprecated from './nginx/ssl-directive-deprecated';
import sslListenWithoutCertificate from './nginx/ssl-listen-without-certificate';
import stickyDirectiveUnsupported from './nginx/sticky-directive-unsupported';
import syntax from './nginx/syntax';
import unixSocketUrlSyntax from './nginx/unix-socket-url-syntax';
import unknownDirective from './nginx/unknown-directive';
import upstreamBalancerConflicts from './nginx/upstream-balancer-conflicts';
import upstreamNameNotDefined from './nginx/upstream-name-not-defined';
import upstreamWithoutServers from './nginx/upstream-without-servers';
import wsHttpVersion from './nginx/ws-http-version';
import wsMissingConnectionHeader from './nginx/ws-missing-connection-header';
import wsMissingUpgradeHeader from './nginx/ws-missing-upgrade-header';
import wsReadTimeout from './nginx/ws-read-timeout';

export const NGINX_RULES: readonly NginxRule[] = [
  analysisLimit,
  connectionUpgradeVariableUndefined,
  directiveNotAllowedHere,
  duplicateLocation,
  includeCycle,
  includeNotFound,
  invalidArgumentCount,
  invalidValue,
  missingEventsSection,
  proxyPassUriNotAllowed,
  proxySetHeaderInheritanceLost,
  socketioProxyPassUriMismatch,
  socketioUpstreamNotSticky,
  sslDirectiveDeprecated,
  sslListenWithoutCertificate,
  stickyDirectiveUnsupported,
  syntax,
  unixSocketUrlSyntax,
  unknownDirective,
  upstreamBalancerConflicts,
  upstreamNameNotDefined,
  upstreamWithoutServers,
  wsHttpVersion,
  wsMissingConnectionHeader,
  wsMissingUpgradeHeader,
  wsReadTimeout,
];

export const GUNICORN_RULES: readonly GunicornRule[] = [];

export const UWSGI_RULES: readonly UwsgiRule[] = [];

export type AnyRule = NginxRule | GunicornRule | UwsgiRule;

export const ALL_RULES: readonly AnyRule[] = [...NGINX_RULES, ...GUNICORN_RULES, ...UWSGI_RULES];
