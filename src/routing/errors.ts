/** Base of every error flagon raises for a programmer mistake; `code` is stable and searchable. */
export class FlagonError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A rule string that cannot be parsed, or names an unknown converter or bad converter arguments. */
export class RuleSyntaxError extends FlagonError {
  readonly rule: string;

  constructor(rule: string, problem: string, options?: ErrorOptions) {
    super("FLAGON_RULE_SYNTAX", `invalid URL rule '${rule}': ${problem}`, options);
    this.rule = rule;
  }
}

/** Two rules that would match the same URLs with overlapping methods under different endpoints. */
export class DuplicateRuleError extends FlagonError {
  constructor(rule: string, existingEndpoint: string, addedEndpoint: string, methods: readonly string[]) {
    super(
      "FLAGON_DUPLICATE_RULE",
      `URL rule '${rule}' is already registered for endpoint '${existingEndpoint}' with methods ` +
        `${methods.join(", ")}; endpoint '${addedEndpoint}' cannot take the same rule and methods. ` +
        `Use other methods, another rule, or one endpoint.`,
    );
  }
}

/** `urlFor`/`build` could not produce a URL: unknown endpoint, missing or refused values. */
export class BuildError extends FlagonError {
  readonly endpoint: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly method: string | undefined;

  constructor(endpoint: string, problem: string, values: Readonly<Record<string, unknown>> = {}, method?: string) {
    super("FLAGON_BUILD", `could not build url for endpoint '${endpoint}': ${problem}`);
    this.endpoint = endpoint;
    this.values = values;
    this.method = method;
  }
}

/** Thrown by a converter's `toValue` or `toUrl` to refuse a value: the rule does not match, or is not built. */
export class ValidationError extends Error {
  constructor(message = "value refused by converter") {
    super(message);
    this.name = "ValidationError";
  }
}
