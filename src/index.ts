/** flagon's public surface (see docs/api.md). */
export { Flagon, DuplicateEndpointError, type FlagonOptions, type ListenOptions, type ListeningServer, type RunOptions } from "./app.js";
export { createRequestLogger, silentLogger, type RequestLogger, type RequestLogEntry } from "./logging.js";
export { Blueprint, type BlueprintOptions, type RegisterOptions } from "./blueprint.js";
export {
  RouteHandle, type Scaffold, type View, type RouteOptions, type BuildRuleOptions, type RouteDefaults, type UrlOptions, type UrlValues, type UrlValuesFor, type UrlForValues,
  type BeforeRequestHook, type AfterRequestHook, type TeardownHook, type ErrorHandler, type ErrorClass,
  type ContextProcessor, type TemplateFilter, type TemplateTest, type UrlValuePreprocessor, type UrlDefaultsFunction,
} from "./scaffold.js";
export { request, session, g, currentApp, urlFor, afterThisRequest, OutsideRequestError } from "./context.js";
export { Config, DEFAULT_CONFIG, type ConfigValues } from "./config.js";
export {
  HTTPException, BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, NotAcceptable, RequestTimeout,
  Conflict, Gone, LengthRequired, PreconditionFailed, RequestEntityTooLarge, ContentTooLarge, RequestURITooLarge,
  UnsupportedMediaType, RequestedRangeNotSatisfiable, ImATeapot, UnprocessableEntity, PreconditionRequired,
  TooManyRequests, RequestHeaderFieldsTooLarge, InternalServerError, NotImplemented, BadGateway, ServiceUnavailable,
  GatewayTimeout, abort,
} from "./http/exceptions.js";
export { MultiDict } from "./http/multidict.js";
export { FileStorage, secureFilename } from "./http/uploads.js";
export { Accept, MimeAccept, LanguageAccept, InvalidMimetypeError, type AcceptItem } from "./http/accept.js";
export { FlagonRequest, type Authorization, type GetJsonOptions } from "./http/request.js";
export {
  FlagonResponse, FlagonResponse as Response, jsonify, makeResponse, redirect, safeRedirect, escapeHtml,
  NoResponseError, UnsafeRedirectError, type ResponseValue, type ResponseBody,
} from "./http/response.js";
export { type CookieOptions } from "./http/cookies.js";
export { Session, flash, getFlashedMessages, MissingSecretKeyError, SessionTooLargeError, type SessionValue, type FlashedOptions } from "./sessions/index.js";
export {
  Router, FlagonError, BuildError, ValidationError, RuleSyntaxError, DuplicateRuleError, type RouterOptions, type RuleParams, type ConverterValues, type MatchResult,
} from "./routing/index.js";
export { sendFile, sendFromDirectory, type SendFileOptions, type SendableData } from "./send-file.js";
export { SendFileError } from "./http/representation.js";
export { MethodView, type ClassView } from "./method-view.js";
export { renderTemplate, renderTemplateString, templatesFor, RenderOutsideRequestError } from "./render.js";
export type { TemplateEnvironment } from "./templating/environment.js";
export { TemplateError, TemplateNotFoundError } from "./templating/errors.js";
export { proxyFix, TrustedProxiesError, type ProxyFix, type ProxyFixOptions } from "./proxy.js";
export { NodeOnlyError } from "./adapters/node-only.js";

/**
 * What `g` holds, for the compiler: each key is `unknown` until declared here, by augmenting the
 * module. It is declared in this file because TypeScript merges an augmentation only into the
 * module that declares the interface, and users name this one (`"flagon"`):
 * @example
 * declare module "flagon" {
 *   interface Globals { user: User | null }
 * }
 * g.user = await loadUser(session.get("user_id"));   // typed User | null from then on
 */
// Empty here: users' declarations fill it.
export interface Globals {}
