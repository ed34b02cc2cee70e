/**
 * The Jinja-compatible template environment: nunjucks with the globals Flask
 * puts in every template (`url_for`, `request`, `session`, `g`, `config`,
 * `get_flashed_messages`, `namespace`), the Jinja tags, filters, string
 * methods and truthiness nunjucks lacks, Flask's autoescaping rule and errors
 * that name the template file and line.
 */
import { createRequire } from "node:module";
import type Nunjucks from "nunjucks";
import { TemplateError, TemplateNotFoundError } from "./errors.js";
import { jinjaFilters, jinjaTests, withKeywordArguments, type Filter } from "./_jinja-filters.js";
import { Cycler, joiner } from "./_jinja-globals.js";
import { TemplatesNotFound } from "./_jinja-include.js";
import { Namespace, installJinjaSyntax, type TagExtension } from "./_jinja-syntax.js";
import { htmlSafeJson } from "./_json.js";
import { splitKeywords } from "./_keywords.js";
import { markupOf, type Markup } from "./_markup.js";
import { pythonDateMember } from "./_python-dates.js";
import { markupStringMethod, pythonStringMethod } from "./_python-strings.js";
import { isPlainObject } from "./_python-values.js";

/** One flashed message as the session stores it: `[category, message]`. */
export type Flash = readonly [category: string, message: string];

/** What `get_flashed_messages(with_categories=..., category_filter=[...])` asks for. */
export interface FlashedMessagesOptions {
  withCategories: boolean;
  categoryFilter: readonly string[];
}

/** The per-request values templates see; the app returns them from `TemplateEnvironmentOptions.context`. */
export interface TemplateRequestValues {
  request?: unknown;
  session?: unknown;
  g?: unknown;
  /** Overrides `TemplateEnvironmentOptions.globals.config` for this render, if given. */
  config?: unknown;
  /** Builds a URL in this request (relative endpoints, `_external` with the request's host). */
  urlFor?: (endpoint: string, values: Record<string, unknown>) => string;
  /** The current request's flashes, popped from the session once per request (as Flask does). */
  flashes?: () => readonly Flash[];
  /** Used instead of `flashes` when given: answers `get_flashed_messages(...)` itself. */
  getFlashedMessages?: (options: FlashedMessagesOptions) => unknown[];
  /** Values added to this render's context under the values passed to it, as Flask's context processors; `undefined` for none. */
  templateContext?: () => Readonly<Record<string, unknown>> | undefined;
}

/** Options of `createTemplateEnvironment`. */
export interface TemplateEnvironmentOptions {
  /** Folders searched in order: the app's `templates/` first, then each blueprint's `templateFolder`. */
  searchPaths: readonly string[];
  /** Re-read templates from disk on every render, so edits show without a restart. */
  debug?: boolean;
  /** Values every template sees, e.g. `{ config: app.config }`. */
  globals?: Readonly<Record<string, unknown>>;
  /** Extra filters, as Flask's `app.template_filter`. */
  filters?: Readonly<Record<string, (...args: never[]) => unknown>>;
  /** Extra tests, as Flask's `app.template_test`. */
  tests?: Readonly<Record<string, (...args: never[]) => boolean>>;
  /** `url_for` outside a request (or when `context` gives no `urlFor`). */
  urlFor?: (endpoint: string, values: Record<string, unknown>) => string;
  /** Called once per render: the current request's values (`undefined` outside a request). */
  context?: () => TemplateRequestValues | undefined;
}

/** Template names that autoescape, as Flask's `select_jinja_autoescape`. */
const ESCAPED_EXTENSIONS = [".html", ".htm", ".xml", ".xhtml", ".svg"];

const REQUEST_GLOBALS = ["request", "session", "g", "config"] as const;

let loaded: typeof Nunjucks | undefined;

/** nunjucks is loaded with the first environment, so apps that render no template never pay its ~40 ms start-up. */
function nunjucksLib(): typeof Nunjucks {
  return (loaded ??= createRequire(import.meta.url)("nunjucks") as typeof Nunjucks);
}

/** Set once nunjucks is patched for Jinja (process-wide): the tags each environment adds. */
let jinjaTags: Record<string, TagExtension> | undefined;

/**
 * A compiled-template cache and its globals; render with `renderTemplate`.
 *
 * nunjucks decides autoescaping per environment, not per template, so this
 * holds two nunjucks environments over the same folders: one escaping, used
 * for `.html/.htm/.xml/.xhtml/.svg` names and for `renderTemplateString`, and
 * one not escaping for everything else (`.txt`, `.md`...). Templates a page
 * includes or extends follow the page's choice.
 */
export class TemplateEnvironment {
  readonly searchPaths: readonly string[];
  readonly debug: boolean;
  #escaped: Nunjucks.Environment;
  #plain: Nunjucks.Environment;
  #options: TemplateEnvironmentOptions;
  /** Values of the renders under way; a template function may render another template. */
  #renders: { values: TemplateRequestValues | undefined; sessionView: Record<string, unknown> | undefined }[] = [];
  #fallbacks: Record<string, unknown> = {};

  constructor(options: TemplateEnvironmentOptions) {
    if (jinjaTags === undefined) {
      // Jinja's True/False/None, slices and dict.items() so Flask templates port unchanged.
      nunjucksLib().installJinjaCompat();
      preferOwnMethods();
      jinjaTags = installJinjaSyntax(nunjucksLib());
    }
    this.#options = options;
    this.searchPaths = [...options.searchPaths];
    this.debug = options.debug ?? false;
    this.#escaped = this.#makeEnvironment(true);
    this.#plain = this.#makeEnvironment(false);
    for (const [name, filter] of Object.entries(options.filters ?? {})) this.addFilter(name, filter);
    for (const [name, test] of Object.entries(options.tests ?? {})) this.addTest(name, test);
    for (const [name, value] of Object.entries(options.globals ?? {})) this.addGlobal(name, value);
  }

  /** Adds a filter usable as `{{ value|name(args) }}`. */
  addFilter(name: string, filter: (...args: never[]) => unknown): void {
    this.#escaped.addFilter(name, filter as (...args: unknown[]) => unknown);
    this.#plain.addFilter(name, filter as (...args: unknown[]) => unknown);
  }

  /** Adds a test usable as `{% if value is name(args) %}` and by name in `select` and `selectattr`. */
  addTest(name: string, test: (...args: never[]) => boolean): void {
    addTest(this.#escaped, name, test);
    addTest(this.#plain, name, test);
  }

  /** Adds a value every template sees. */
  addGlobal(name: string, value: unknown): void {
    if ((REQUEST_GLOBALS as readonly string[]).includes(name)) {
      // Kept apart: the per-request getter answers first and falls back to this.
      this.#fallbacks[name] = value;
      return;
    }
    this.#escaped.addGlobal(name, value);
    this.#plain.addGlobal(name, value);
  }

  /** Renders the named template with `context` on top of the globals. */
  render(name: string, context: Readonly<Record<string, unknown>> = {}): string {
    const env = ESCAPED_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext)) ? this.#escaped : this.#plain;
    return this.#run(name, context, (values) => env.render(name, values));
  }

  /** Renders template source given as a string (autoescaped, as Flask's `render_template_string`). */
  renderString(source: string, context: Readonly<Record<string, unknown>> = {}): string {
    return this.#run("<string>", context, (values) => this.#escaped.renderString(jinjaSource(source), values));
  }

  #run(name: string, context: Readonly<Record<string, unknown>>, render: (values: Record<string, unknown>) => string): string {
    const values = this.#options.context?.();
    this.#renders.push({ values, sessionView: undefined });
    try {
      // As Flask: the context processors' values first, the render's own on top.
      const added = values?.templateContext?.();
      return render(added === undefined ? { ...context } : { ...added, ...context });
    } catch (error) {
      throw this.#translate(name, error);
    } finally {
      this.#renders.pop();
    }
  }

  #current(): TemplateRequestValues | undefined {
    return this.#renders[this.#renders.length - 1]?.values;
  }

  /** Read on use only, so a page that never mentions `session` never loads it. */
  #requestGlobal(key: (typeof REQUEST_GLOBALS)[number]): unknown {
    const frame = this.#renders[this.#renders.length - 1];
    const value = frame?.values?.[key];
    if (frame !== undefined && key === "session" && isMapping(value)) return (frame.sessionView ??= mappingView(value));
    return value ?? this.#fallbacks[key];
  }

  #makeEnvironment(autoescape: boolean): Nunjucks.Environment {
    const nunjucks = nunjucksLib();
    const loader = new nunjucks.FileSystemLoader([...this.searchPaths], { noCache: this.debug });
    const getSource = loader.getSource.bind(loader);
    loader.getSource = (name) => {
      const source = getSource(name);
      // nunjucks' loader answers null for a missing template, whatever its type says.
      if ((source as Nunjucks.LoaderSource | null) !== null) source.src = jinjaSource(source.src);
      return source;
    };
    // dev: keep nunjucks' own error (with `cause` and line) instead of a bare copy.
    const env = new nunjucks.Environment(loader, { autoescape, dev: true, throwOnUndefined: false });
    const self = this;
    for (const [name, tag] of Object.entries(jinjaTags ?? {})) env.addExtension(name, tag);
    env.addGlobal("url_for", (endpoint: unknown, ...rest: unknown[]) => self.#urlFor(endpoint, rest));
    env.addGlobal("get_flashed_messages", (...rest: unknown[]) => self.#flashedMessages(rest));
    env.addGlobal("namespace", (...rest: unknown[]) => new Namespace(dictOf(rest)));
    env.addGlobal("dict", (...rest: unknown[]) => dictOf(rest));
    env.addGlobal("cycler", (...items: unknown[]) => new Cycler(items));
    env.addGlobal("joiner", joiner);
    const { SafeString } = nunjucks.runtime;
    // A safe string (an object holding its text) goes into JSON as its text.
    const safeStringsAsText = (_key: string, item: unknown): unknown => (item instanceof SafeString ? String(item) : item);
    env.addFilter("tojson", (value: unknown, indent?: unknown) =>
      new nunjucks.runtime.SafeString(htmlSafeJson(value, typeof indent === "number" ? indent : undefined, safeStringsAsText)),
    );
    const filters = (env as unknown as { filters: Record<string, Filter> }).filters;
    for (const [name, filter] of Object.entries(jinjaFilters(nunjucks, { ...filters }))) env.addFilter(name, filter as (...args: unknown[]) => unknown);
    for (const [name, test] of Object.entries(jinjaTests(nunjucks))) addTest(env, name, test);
    // nunjucks' own filters, so `sort(attribute='age')` means what it means in Jinja; filters added later are left as given.
    for (const [name, filter] of Object.entries(filters)) filters[name] = withKeywordArguments(name, filter);
    // Getters, so `request`, `session`, `g` and `config` are read from the render under way,
    // in included templates and imported macros too.
    const globals = (env as unknown as { globals: Record<string, unknown> }).globals;
    for (const key of REQUEST_GLOBALS) {
      Object.defineProperty(globals, key, {
        enumerable: true,
        configurable: true,
        get: () => self.#requestGlobal(key),
      });
    }
    return env;
  }

  #urlFor(endpoint: unknown, rest: unknown[]): string {
    if (typeof endpoint !== "string") {
      throw new TypeError(`url_for() needs an endpoint name as its first argument, got ${typeof endpoint}`);
    }
    const { keywords, positional } = splitKeywords(rest);
    if (positional.length > 0) {
      throw new TypeError(`url_for('${endpoint}', ...) takes values as keyword arguments only, e.g. url_for('${endpoint}', id=1)`);
    }
    const build = this.#current()?.urlFor ?? this.#options.urlFor;
    if (build === undefined) throw new TypeError(`url_for('${endpoint}') is not available: the environment has no urlFor`);
    return build(endpoint, keywords);
  }

  #flashedMessages(rest: unknown[]): unknown[] {
    const { keywords, positional } = splitKeywords(rest);
    const withCategories = Boolean(keywords["with_categories"] ?? positional[0] ?? false);
    const filter = keywords["category_filter"] ?? positional[1] ?? [];
    const categoryFilter = Array.isArray(filter) ? filter.map(String) : [];
    const current = this.#current();
    if (current?.getFlashedMessages !== undefined) return current.getFlashedMessages({ withCategories, categoryFilter });
    return selectFlashes(current?.flashes?.() ?? [], { withCategories, categoryFilter });
  }

  #translate(name: string, error: unknown): unknown {
    if (!(error instanceof Error)) return error;
    if (!isNunjucksError(error)) {
      const missing = MISSING_TEMPLATE.exec(error.message);
      if (missing) return new TemplateNotFoundError(missing[1] ?? name, this.searchPaths, { cause: error });
      return error;
    }
    // An error inside an included template arrives wrapped once per template level;
    // the innermost wrapper knows the failing file and line.
    let inner: Error = error;
    while (inner.cause instanceof Error && isNunjucksError(inner.cause)) inner = inner.cause;
    const cause = inner.cause;
    // An HTTP error raised from inside a template (abort() in a helper) keeps its status.
    if (cause instanceof Error && typeof (cause as { status?: unknown }).status === "number") return cause;
    // A missing template named by {% include %}, {% extends %} or {% import %}: the same error as a missing page.
    const missing = cause instanceof TemplatesNotFound ? cause.templates : cause instanceof Error ? MISSING_TEMPLATE.exec(cause.message)?.[1] : undefined;
    if (missing !== undefined) {
      const from = failureLocation(inner.message).file ?? (name === "<string>" ? name : undefined);
      return new TemplateNotFoundError(missing, this.searchPaths, { cause: error, from });
    }
    return this.#templateError(name, inner, cause);
  }

  #templateError(name: string, error: Error, cause: unknown): TemplateError {
    const raw = error as Error & { lineno?: unknown; colno?: unknown };
    const { file, problem } = failureLocation(error.message);
    let line: number | undefined;
    let column: number | undefined;
    if (typeof raw.lineno === "number" && typeof raw.colno === "number" && (raw.lineno > 0 || raw.colno > 0)) {
      // nunjucks counts from 1 for syntax errors but from 0 for errors while rendering (which carry a cause).
      const shift = cause instanceof Error ? 1 : 0;
      line = raw.lineno + shift;
      column = raw.colno + shift;
    }
    const text = cause instanceof Error ? `${cause.name === "Error" ? "" : `${cause.name}: `}${cause.message}` : problem;
    return new TemplateError({ template: name, file, line, column }, text, { cause: cause ?? error });
  }
}

const MISSING_TEMPLATE = /^template not found: (.*)$/;

/**
 * Template source as Jinja's lexer reads it by default (`newline_sequence`
 * "\n", `keep_trailing_newline` off): line ends as "\n", and the newline
 * that ends the file dropped, so an included partial or a text e-mail does
 * not render the editor's final newline.
 */
function jinjaSource(source: string): string {
  const text = source.includes("\r") ? source.replace(/\r\n?/g, "\n") : source;
  return text.endsWith("\n") ? text.slice(0, -1) : text;
}

/** nunjucks has `addTest`; its type definitions leave it out. */
function addTest(env: Nunjucks.Environment, name: string, test: (...args: never[]) => boolean): void {
  (env as unknown as { addTest(name: string, test: (...args: never[]) => boolean): void }).addTest(name, test);
}

function isNunjucksError(error: Error): boolean {
  return error.name === "Template render error";
}

/** Splits a nunjucks error message into the file it names last (where it failed) and the problem. */
function failureLocation(message: string): { file: string | undefined; problem: string } {
  let file: string | undefined;
  const problem: string[] = [];
  for (const text of message.split("\n")) {
    const location = /^\s*\((.*)\)(?: \[Line \d+(?:, Column \d+)?\])?$/.exec(text);
    if (location) {
      // nunjucks prefixes the outer templates too; the last named is where it failed.
      if (location[1] !== "unknown path") file = location[1];
    } else {
      problem.push(text.trim());
    }
  }
  return { file, problem: problem.join(" ").trim() };
}

/**
 * nunjucks' Jinja compatibility answers `.get`, `.keys`, `.items`... with
 * Python's dict methods for every non-array object, which hides the object's
 * own methods: `request.args.get('page', '1')` would read a property named
 * "page". An object's own method wins; plain objects still get the dict ones.
 * Strings get Python's `str` methods (`startswith`, `split`...), which win
 * over JavaScript's of the same name; other JavaScript methods still answer.
 * A safe string's Python methods escape their arguments, as Jinja's `Markup`.
 * A `Date` has Python's `strftime`, `isoformat` and datetime fields.
 * A mapping with `get`/`has`/`keys` (`request.form`, `request.args`,
 * `request.headers`) answers its keys, after its own members.
 */
function preferOwnMethods(): void {
  const { runtime } = nunjucksLib();
  const markup = markupOf(nunjucksLib());
  const lookups = runtime as unknown as { memberLookup: (obj: unknown, key: unknown, ...rest: unknown[]) => unknown };
  const compatLookup = lookups.memberLookup;
  lookups.memberLookup = function memberLookup(this: unknown, obj: unknown, key: unknown, ...rest: unknown[]): unknown {
    // `x[start:stop:step]`: nunjucks' compatibility slices a string into a list of characters.
    if (rest.length === 2) {
      const items = compatLookup.call(this, obj, key, ...rest);
      if (typeof obj === "string") return (items as string[]).join("");
      return obj instanceof runtime.SafeString ? markup.markSafe((items as unknown[]).join("")) : items;
    }
    if (typeof key === "number") return itemAt(obj, key, markup) ?? compatLookup.call(this, obj, key, ...rest);
    if (rest.length < 2 && typeof key === "string") {
      if (typeof obj === "string") {
        const method = pythonStringMethod(obj, key);
        if (method !== undefined) return method;
      } else if (obj instanceof runtime.SafeString) {
        // As Jinja's Markup: the arguments are escaped and what comes back as text stays safe.
        const method = markupStringMethod(obj.toString(), key, markup);
        if (method !== undefined) return method;
      }
      if (obj instanceof Date) {
        const member = pythonDateMember(obj, key);
        if (member !== undefined) return member;
      }
      if (typeof obj === "object" && obj !== null && !Array.isArray(obj)) {
        const member: unknown = (obj as Record<string, unknown>)[key];
        if (typeof member === "function") return (...args: unknown[]) => (member as (...a: unknown[]) => unknown).apply(obj, args);
        // As Werkzeug's MultiDict and Headers in Jinja: `request.form['title']` is the first value,
        // before a property of the same name (a field called `size`).
        if (isMapping(obj) && obj.has(key)) return obj.get(key);
        // An object's own property (`request.values`) before the dict methods of the same name.
        if (member !== undefined && !isPlainObject(obj)) return member;
      }
    }
    return compatLookup.call(this, obj, key, ...rest);
  };
}

/** As Jinja's `dict({'a': 1}, b=2)` (and `namespace(...)`): a dict's items, then the keywords. */
function dictOf(args: unknown[]): Record<string, unknown> {
  const { keywords, positional } = splitKeywords(args);
  return { ...(positional[0] as Record<string, unknown> | undefined), ...keywords };
}

/**
 * `x[i]` on a list or a string, as Python indexes them: a negative index
 * counts from the end, and a safe string's character is safe. `undefined`
 * leaves the lookup to nunjucks.
 */
function itemAt(obj: unknown, index: number, markup: Markup): unknown {
  if (Array.isArray(obj) || typeof obj === "string") return index < 0 ? obj[obj.length + index] : undefined;
  if (!markup.isSafe(obj)) return undefined;
  const text = String(obj);
  const char = text[index < 0 ? text.length + index : index];
  return char === undefined ? undefined : markup.markSafe(char);
}

/** Filters and shapes flashes as Flask's `get_flashed_messages`. */
export function selectFlashes(flashes: readonly Flash[], options: FlashedMessagesOptions): (string | [string, string])[] {
  const kept = options.categoryFilter.length === 0 ? flashes : flashes.filter(([category]) => options.categoryFilter.includes(category));
  return kept.map(([category, message]) => (options.withCategories ? [category, message] : message));
}

/** The shape of flagon's `Session` (and of `Map`-like stores): `get`, `has` and `keys`. */
interface Mapping {
  get(key: string): unknown;
  has(key: string): boolean;
  keys(): Iterable<string>;
}

function isMapping(value: unknown): value is Mapping {
  const candidate = value as Partial<Record<keyof Mapping, unknown>> | null | undefined;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.get === "function" &&
    typeof candidate.has === "function" &&
    typeof candidate.keys === "function"
  );
}

/**
 * Lets templates read a mapping as Jinja reads Flask's dict-like session:
 * `session.user`, `session['user']`, `'user' in session`, and still
 * `session.get('user', 'guest')`.
 */
function mappingView(source: Mapping): Record<string, unknown> {
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get(_target, key) {
      if (typeof key !== "string") return undefined;
      if (source.has(key)) return source.get(key);
      const member = (source as unknown as Record<string, unknown>)[key];
      return typeof member === "function" ? member.bind(source) : undefined;
    },
    has: (_target, key) => typeof key === "string" && source.has(key),
    ownKeys: () => [...source.keys()],
    getOwnPropertyDescriptor: (_target, key) =>
      typeof key === "string" && source.has(key) ? { enumerable: true, configurable: true, value: source.get(key) } : undefined,
  });
}
