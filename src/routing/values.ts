type Values = Record<string, unknown>;

/** Makes the values object of a match from the converted values, in the order of the names. */
export type Fill = (names: readonly string[], values: readonly unknown[]) => Values;

function fillFrom(object: Values, names: readonly string[], values: readonly unknown[], from: number): Values {
  for (let i = from; i < names.length; i++) object[names[i]!] = values[i];
  return object;
}

/**
 * A store `values[name] = value` whose name changes from call to call takes V8's generic keyed
 * path: one shared function filling every rule's object cost 37 ns for 1–4 variables, where a
 * store that always meets the same name and object shape costs a fraction of that (12.7 ns for
 * the same objects; micro-benchmark of the variable lists of 14 rules of the github-routes mixed
 * batch, 13 of them distinct, 2026-12-07). V8 keeps that feedback per function written in the
 * source, not per closure, and flagon makes no code at run time, so the slots below are written
 * out: each list of names gets its own slot the first time a rule with it matches, and lists
 * met after the slots ran out share the generic fill. Every slot is the same function.
 */
const SLOTS: readonly Fill[] = [
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
  (n, a) => { const v: Values = {}; v[n[0]!] = a[0]; if (n.length > 1) v[n[1]!] = a[1]; if (n.length > 2) v[n[2]!] = a[2]; if (n.length > 3) v[n[3]!] = a[3]; return n.length > 4 ? fillFrom(v, n, a, 4) : v; },
];

/** Rules without variables, and every list met after the slots ran out. */
const fillGeneric: Fill = (names, values) => fillFrom({}, names, values, 0);

/** The slot of each list of names, by the names joined: shared by every router, as V8's feedback is. */
const slotByNames = new Map<string, Fill>();

/** The fill for a rule's variable names; called once per rule, at its first match. */
export function fillFor(names: readonly string[]): Fill {
  if (names.length === 0) return fillGeneric;
  const key = names.join(",");
  let fill = slotByNames.get(key);
  if (fill === undefined) {
    // Once the slots ran out, new lists are not remembered: the map stays as small as the slots.
    if (slotByNames.size === SLOTS.length) return fillGeneric;
    slotByNames.set(key, (fill = SLOTS[slotByNames.size]!));
  }
  return fill;
}
