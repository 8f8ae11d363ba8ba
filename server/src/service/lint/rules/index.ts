/**
 * The explicit, sorted registry of rules. Adding a rule: one file, one line here, one
 * fixture folder under test/fixtures/rules/.
 */
import type { NginxRule } from '../rule';
import analysisLimit from './nginx/analysis-limit';
import directiveNotAllowedHere from './nginx/directive-not-allowed-here';
import includeCycle from './nginx/include-cycle';
import includeNotFound from './nginx/include-not-found';
import invalidArgumentCount from './nginx/invalid-argument-count';
import socketioProxyPassUriMismatch from './nginx/socketio-proxy-pass-uri-mismatch';
import socketioUpstreamNotSticky from './nginx/socketio-upstream-not-sticky';
import syntax from './nginx/syntax';
import unknownDirective from './nginx/unknown-directive';
import upstreamNameNotDefined from './nginx/upstream-name-not-defined';
import wsMissingConnectionHeader from './nginx/ws-missing-connection-header';
import wsMissingUpgradeHeader from './nginx/ws-missing-upgrade-header';
import wsReadTimeout from './nginx/ws-read-timeout';

export const NGINX_RULES: readonly NginxRule[] = [
  analysisLimit,
  directiveNotAllowedHere,
  includeCycle,
  includeNotFound,
  invalidArgumentCount,
  socketioProxyPassUriMismatch,
  socketioUpstreamNotSticky,
  syntax,
  unknownDirective,
  upstreamNameNotDefined,
  wsMissingConnectionHeader,
  wsMissingUpgradeHeader,
  wsReadTimeout,
];

export const ALL_RULES: readonly NginxRule[] = [...NGINX_RULES];
