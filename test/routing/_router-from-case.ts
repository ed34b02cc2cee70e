import { Router, type RuleOptions } from "../../src/routing/index.js";
import { ruleSpec, type RouterSettings, type RuleInput } from "../cases/case-types.js";

/** Registers a case's rules on a fresh router, passing only the options the case sets. */
export function routerFor(rules: readonly RuleInput[], settings: RouterSettings = {}): Router {
  const router = new Router(settings);
  for (const input of rules) addRule(router, input);
  return router;
}

export function addRule(router: Router, input: RuleInput): void {
  const s = ruleSpec(input);
  const options: RuleOptions = { endpoint: s.endpoint };
  if (s.methods !== undefined) options.methods = s.methods;
  if (s.strictSlashes !== undefined) options.strictSlashes = s.strictSlashes;
  if (s.mergeSlashes !== undefined) options.mergeSlashes = s.mergeSlashes;
  if (s.defaults !== undefined) options.defaults = s.defaults;
  if (s.redirectTo !== undefined) options.redirectTo = s.redirectTo;
  if (s.provideAutomaticOptions !== undefined) options.provideAutomaticOptions = s.provideAutomaticOptions;
  if (s.buildOnly !== undefined) options.buildOnly = s.buildOnly;
  router.add(s.rule, options);
}
