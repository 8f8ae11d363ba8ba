/**
 * The explicit, sorted registry of rules. Adding a rule: one file, one line here, one
 * fixture folder under test/fixtures/rules/.
 */
import type { GunicornRule, UwsgiRule } from '../file-rule';
import type { NginxRule } from '../rule';
import type { WorkspaceRule } from '../workspace-rule';
import crossProtocolMismatch from './cross/protocol-mismatch';
import crossSocketioMultipleWorkers from './cross/socketio-multiple-workers';
import crossUpstreamUnreachable from './cross/upstream-unreachable';
import crossWsLocationSyncWorker from './cross/ws-location-sync-worker';
import gunicornAsgiAppWithWsgiWorker from './gunicorn/asgi-app-with-wsgi-worker';
import gunicornBindAllInterfaces from './gunicorn/bind-all-interfaces';
import gunicornEventletWorkerDeprecatedOrRemoved from './gunicorn/eventlet-worker-deprecated-or-removed';
import gunicornForwardedAllowIpsRemoteProxy from './gunicorn/forwarded-allow-ips-remote-proxy';
import gunicornGeventWorkerWithoutWebsocketHandler from './gunicorn/gevent-worker-without-websocket-handler';
import gunicornGracefulTimeoutWebsockets from './gunicorn/graceful-timeout-websockets';
import gunicornGthreadWebsocketNeedsSimpleWebsocket from './gunicorn/gthread-websocket-needs-simple-websocket';
import gunicornHookSignature from './gunicorn/hook-signature';
import gunicornInvalidValue from './gunicorn/invalid-value';
import gunicornProtocolUwsgiWebsocket from './gunicorn/protocol-uwsgi-websocket';
import gunicornSocketioMultipleWorkers from './gunicorn/socketio-multiple-workers';
import gunicornSocketioSyncWorker from './gunicorn/socketio-sync-worker';
import gunicornSyntax from './gunicorn/syntax';
import gunicornTimeoutSemantics from './gunicorn/timeout-semantics';
import gunicornTimeoutZero from './gunicorn/timeout-zero';
import gunicornUnknownSetting from './gunicorn/unknown-setting';
import gunicornUnknownWorkerClass from './gunicorn/unknown-worker-class';
import analysisLimit from './nginx/analysis-limit';
import backendUrlScheme from './nginx/backend-url-scheme';
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
import socketioHostDropsPort from './nginx/socketio-host-drops-port';
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
import uwsgiAsyncUgreenNotSupported from './uwsgi/async-ugreen-not-supported';
import uwsgiBufferSizeDefault from './uwsgi/buffer-size-default';
import uwsgiCallableMismatch from './uwsgi/callable-mismatch';
import uwsgiDebianPluginNotLoaded from './uwsgi/debian-plugin-not-loaded';
import uwsgiDieOnTerm from './uwsgi/die-on-term';
import uwsgiEnableThreadsMissing from './uwsgi/enable-threads-missing';
import uwsgiGeventWithThreads from './uwsgi/gevent-with-threads';
import uwsgiHarakiriKillsWebsockets from './uwsgi/harakiri-kills-websockets';
import uwsgiHttpRouterWithoutWebsockets from './uwsgi/http-router-without-websockets';
import uwsgiHttpTimeoutVsWs from './uwsgi/http-timeout-vs-ws';
import uwsgiInlineCommentInValue from './uwsgi/inline-comment-in-value';
import uwsgiMasterMissing from './uwsgi/master-missing';
import uwsgiSocketioMultipleProcesses from './uwsgi/socketio-multiple-processes';
import uwsgiSocketioNoAsyncEngine from './uwsgi/socketio-no-async-engine';
import uwsgiStrayPercent from './uwsgi/stray-percent';
import uwsgiStrictModeRecommended from './uwsgi/strict-mode-recommended';
import uwsgiSyntax from './uwsgi/syntax';
import uwsgiUnixSocketPermissions from './uwsgi/unix-socket-permissions';
import uwsgiUnknownOption from './uwsgi/unknown-option';
import uwsgiUwsgiSocketExposed from './uwsgi/uwsgi-socket-exposed';
import wsconfUnusedDisable, { type SuppressionRule } from './wsconf/unused-disable';

export const NGINX_RULES: readonly NginxRule[] = [
  analysisLimit,
  backendUrlScheme,
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
  socketioHostDropsPort,
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

export const GUNICORN_RULES: readonly GunicornRule[] = [
  gunicornAsgiAppWithWsgiWorker,
  gunicornBindAllInterfaces,
  gunicornEventletWorkerDeprecatedOrRemoved,
  gunicornForwardedAllowIpsRemoteProxy,
  gunicornGeventWorkerWithoutWebsocketHandler,
  gunicornGracefulTimeoutWebsockets,
  gunicornGthreadWebsocketNeedsSimpleWebsocket,
  gunicornHookSignature,
  gunicornInvalidValue,
  gunicornProtocolUwsgiWebsocket,
  gunicornSocketioMultipleWorkers,
  gunicornSocketioSyncWorker,
  gunicornSyntax,
  gunicornTimeoutSemantics,
  gunicornTimeoutZero,
  gunicornUnknownSetting,
  gunicornUnknownWorkerClass,
];

export const UWSGI_RULES: readonly UwsgiRule[] = [
  uwsgiAsyncUgreenNotSupported,
  uwsgiBufferSizeDefault,
  uwsgiCallableMismatch,
  uwsgiDebianPluginNotLoaded,
  uwsgiDieOnTerm,
  uwsgiEnableThreadsMissing,
  uwsgiGeventWithThreads,
  uwsgiHarakiriKillsWebsockets,
  uwsgiHttpRouterWithoutWebsockets,
  uwsgiHttpTimeoutVsWs,
  uwsgiInlineCommentInValue,
  uwsgiMasterMissing,
  uwsgiSocketioMultipleProcesses,
  uwsgiSocketioNoAsyncEngine,
  uwsgiStrayPercent,
  uwsgiStrictModeRecommended,
  uwsgiSyntax,
  uwsgiUnixSocketPermissions,
  uwsgiUnknownOption,
  uwsgiUwsgiSocketExposed,
];

/** Rules over the whole deployment (nginx linked to gunicorn and uWSGI), run by lint/workspace-rule.ts. */
export const CROSS_RULES: readonly WorkspaceRule[] = [
  crossProtocolMismatch,
  crossSocketioMultipleWorkers,
  crossUpstreamUnreachable,
  crossWsLocationSyncWorker,
];

/** Rules about wsconf's own comments, in every language (run by the service after the others). */
export const WSCONF_RULES: readonly SuppressionRule[] = [wsconfUnusedDisable];

export type AnyRule = NginxRule | GunicornRule | UwsgiRule | WorkspaceRule | SuppressionRule;

export const ALL_RULES: readonly AnyRule[] = [...NGINX_RULES, ...GUNICORN_RULES, ...UWSGI_RULES, ...CROSS_RULES, ...WSCONF_RULES];
