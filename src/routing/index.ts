export { Router, type RouterOptions } from "./router.js";
export { Rule } from "./rule.js";
export { FlagonError, RuleSyntaxError, DuplicateRuleError, BuildError, ValidationError } from "./errors.js";
export { encodePath, encodeSegment, encodeQuery } from "./build.js";
export type { RuleParams, BuildValues } from "./params.js";
export type {
  ConverterSpec,
  ConverterFactory,
  ConverterArg,
  RuleOptions,
  MatchResult,
  Resolution,
  BuildOptions,
  RedirectTarget,
} from "./types.js";
