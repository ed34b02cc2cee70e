/**
 * Every router behind one small interface: load a route table, answer a path
 * (for the correctness check) and look a path up (the timed call, kept as
 * close to each router's own hot path as possible).
 */
import { COLON, COLON_INT, HONO, ROU3, convertRule, type Converted, type Dialect } from "./convert.js";
import type { RouteSpec } from "./github-routes.js";

/** What a router answered, normalised for comparison. */
export interface Answer {
  readonly endpoint: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface LoadedRouter {
  /** The timed call: a GET lookup returning the router's own result. */
  lookup(path: string): unknown;
  /** The same lookup, turned into endpoint and values; `null` for a miss. */
  answer(path: string): Answer | null;
  /** Rules the router refused, with its reason. */
  readonly refused: readonly { rule: string; error: string }[];
}

export interface RouterAdapter {
  readonly name: string;
  load(routes: readonly RouteSpec[]): Promise<LoadedRouter>;
}

interface Target {
  readonly endpoint: string;
  readonly fixed: Readonly<Record<string, string>>;
  readonly rename: Readonly<Record<string, string>>;
}

function normalise(target: Target, params: Record<string, unknown> | undefined): Answer {
  const values: Record<string, unknown> = { ...target.fixed };
  for (const [key, value] of Object.entries(params ?? {})) values[target.rename[key] ?? key] = value;
  return { endpoint: target.endpoint, values };
}

function message(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const first = error.message.split("\n")[0] ?? "";
  // Hono's UnsupportedPathError carries only the path as its message.
  return error.name !== "Error" && !first.includes(error.name) ? `${error.name}: ${first}` : first;
}

/** Adds every converted rule; a rule the router throws on is recorded, not fatal. */
function addAll(
  routes: readonly RouteSpec[],
  dialect: Dialect,
  add: (method: string, converted: Converted, target: Target) => void,
): { rule: string; error: string }[] {
  const refused: { rule: string; error: string }[] = [];
  for (const route of routes) {
    try {
      for (const converted of convertRule(route.rule, dialect)) {
        const target: Target = { endpoint: route.endpoint, fixed: converted.fixed, rename: converted.rename };
        for (const method of route.methods) add(method, converted, target);
      }
    } catch (error) {
      refused.push({ rule: route.rule, error: message(error) });
    }
  }
  return refused;
}

const flagon: RouterAdapter = {
  name: "flagon",
  async load(routes) {
    const { Router } = await import("../../src/routing/index.js");
    const router = new Router();
    const refused: { rule: string; error: string }[] = [];
    for (const route of routes) {
      try {
        router.add(route.rule, { endpoint: route.endpoint, methods: route.methods });
      } catch (error) {
        refused.push({ rule: route.rule, error: message(error) });
      }
    }
    return {
      refused,
      lookup: (path) => router.match("GET", path),
      answer(path) {
        const m = router.match("GET", path);
        return m.kind === "match" ? { endpoint: m.endpoint, values: m.values } : null;
      },
    };
  },
};

function findMyWayAdapter(name: string, dialect: Dialect): RouterAdapter {
  return {
    name,
    async load(routes) {
      const { default: FindMyWay } = await import("find-my-way");
      const router = FindMyWay();
      const noop = (): void => {};
      const refused = addAll(routes, dialect, (method, c, target) => router.on(method as "GET", c.pattern, noop, target));
      return {
        refused,
        lookup: (path) => router.find("GET", path),
        answer(path) {
          const found = router.find("GET", path);
          return found ? normalise(found.store as Target, found.params) : null;
        },
      };
    },
  };
}

const findMyWay = findMyWayAdapter("find-my-way", COLON);
const findMyWayInt = findMyWayAdapter("find-my-way (int regex)", COLON_INT);

async function rou3Router(routes: readonly RouteSpec[]) {
  const { createRouter, addRoute } = await import("rou3");
  const ctx = createRouter<Target>();
  const refused = addAll(routes, ROU3, (method, c, target) => addRoute(ctx, method, c.pattern, target));
  return { ctx, refused };
}

const rou3: RouterAdapter = {
  name: "rou3",
  async load(routes) {
    const { findRoute } = await import("rou3");
    const { ctx, refused } = await rou3Router(routes);
    return {
      refused,
      lookup: (path) => findRoute(ctx, "GET", path),
      answer(path) {
        const found = findRoute(ctx, "GET", path);
        return found ? normalise(found.data, found.params) : null;
      },
    };
  },
};

const rou3Compiled: RouterAdapter = {
  name: "rou3 (compiled)",
  async load(routes) {
    const { compileRouter } = await import("rou3/compiler");
    const { ctx, refused } = await rou3Router(routes);
    const find = compileRouter(ctx);
    return {
      refused,
      lookup: (path) => find("GET", path),
      answer(path) {
        const found = find("GET", path);
        return found ? normalise(found.data, found.params) : null;
      },
    };
  },
};

const medley: RouterAdapter = {
  name: "@medley/router",
  async load(routes) {
    const { default: Medley } = await import("@medley/router");
    const router = new Medley() as unknown as {
      register(path: string): Record<string, Target>;
      find(path: string): { store: Record<string, Target | undefined>; params: Record<string, string> } | null;
    };
    const refused = addAll(routes, COLON, (method, c, target) => {
      router.register(c.pattern)[method] = target;
    });
    return {
      refused,
      lookup(path) {
        const found = router.find(path);
        return found === null ? undefined : found.store.GET;
      },
      answer(path) {
        const found = router.find(path);
        const target = found?.store.GET;
        return found && target ? normalise(target, found.params) : null;
      },
    };
  },
};

type HonoResult = [[Target, Record<string, string | number>][], string[]?];
interface HonoRouter {
  add(method: string, path: string, handler: Target): void;
  match(method: string, path: string): unknown;
}

/** Hono's routers return every matching handler in registration order; the first one answers. */
function honoAnswer(result: HonoResult): Answer | null {
  const first = result[0][0];
  if (!first) return null;
  const [target, map] = first;
  const stash = result[1];
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) params[key] = stash ? stash[value as number] : value;
  return normalise(target, params);
}

/**
 * RegExpRouter compiles everything at the first match and throws then if one
 * shape is unsupported, so find the refused rules by adding them one at a time.
 */
function honoLoad(make: () => HonoRouter, routes: readonly RouteSpec[]): { router: HonoRouter; refused: { rule: string; error: string }[] } {
  const router = make();
  let refused = addAll(routes, HONO, (method, c, target) => router.add(method, c.pattern, target));
  try {
    router.match("GET", "/");
    return { router, refused };
  } catch {
    refused = [];
    const accepted: RouteSpec[] = [];
    for (const route of routes) {
      const probe = make();
      const failed = addAll([...accepted, route], HONO, (method, c, target) => probe.add(method, c.pattern, target));
      try {
        if (failed.length > 0) throw new Error(failed[0]?.error);
        probe.match("GET", "/");
        accepted.push(route);
      } catch (error) {
        refused.push({ rule: route.rule, error: message(error) });
      }
    }
    const final = make();
    addAll(accepted, HONO, (method, c, target) => final.add(method, c.pattern, target));
    final.match("GET", "/");
    return { router: final, refused };
  }
}

const honoTrie: RouterAdapter = {
  name: "hono TrieRouter",
  async load(routes) {
    const { TrieRouter } = await import("hono/router/trie-router");
    const { router, refused } = honoLoad(() => new TrieRouter<Target>() as HonoRouter, routes);
    return {
      refused,
      lookup: (path) => router.match("GET", path),
      answer: (path) => honoAnswer(router.match("GET", path) as HonoResult),
    };
  },
};

const honoRegExp: RouterAdapter = {
  name: "hono RegExpRouter",
  async load(routes) {
    const { RegExpRouter } = await import("hono/router/reg-exp-router");
    const { router, refused } = honoLoad(() => new RegExpRouter<Target>() as HonoRouter, routes);
    return {
      refused,
      lookup: (path) => router.match("GET", path),
      answer: (path) => honoAnswer(router.match("GET", path) as HonoResult),
    };
  },
};

/** In the order the tables list them; find-my-way is the reference for ratios. */
export const ADAPTERS: readonly RouterAdapter[] = [
  flagon,
  findMyWay,
  findMyWayInt,
  rou3,
  rou3Compiled,
  medley,
  honoTrie,
  honoRegExp,
];

export const REFERENCE = findMyWay.name;
