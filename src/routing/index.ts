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

/**
 * The type of each converter's values, by converter name, for typing views' params and
 * `urlFor`. A converter added with `addConverter` gives `string` (what it gives without a
 * `toValue`) unless declared here, by augmenting the module. It is declared in this file, not
 * beside `RuleParams`, because TypeScript merges an augmentation only into the module that
 * declares the interface, and users can name this one (`"flagon/routing"`):
 * @example
 * app.addConverter("hex", { regex: "[0-9a-f]+", toValue: (s) => parseInt(s, 16), toUrl: (n) => Number(n).toString(16) });
 * declare module "flagon/routing" {
 *   interface ConverterValues { hex: number }
 * }
 */
export interface ConverterValues {
  default: string;
  string: string;
  int: number;
  float: number;
  path: string;
  uuid: string;
}
