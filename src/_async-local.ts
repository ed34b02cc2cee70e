/**
 * The one source of AsyncLocalStorage, chosen when the module loads so the
 * core has no static `node:*` import (a fetch-only runtime can load it):
 * the runtime's global if it has one, else `node:async_hooks` (Node, Bun,
 * Deno, and Workers with `nodejs_compat` provide it), else a store that only
 * follows synchronous code.
 */

/** The part of AsyncLocalStorage flagon uses. */
export interface RequestStorage<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

type StorageClass = new <T>() => RequestStorage<T>;

/**
 * Without AsyncLocalStorage the store is kept in a variable around `fn`: exact
 * for synchronous code; after an `await` the context-local `request` is gone,
 * so use the handler's second argument there.
 */
class SyncOnlyStorage<T> implements RequestStorage<T> {
  #store: T | undefined = undefined;

  getStore(): T | undefined {
    return this.#store;
  }

  run<R>(store: T, fn: () => R): R {
    const previous = this.#store;
    this.#store = store;
    try {
      return fn();
    } finally {
      this.#store = previous;
    }
  }
}

async function findStorage(): Promise<StorageClass> {
  const global = (globalThis as { AsyncLocalStorage?: StorageClass }).AsyncLocalStorage;
  if (typeof global === "function") return global;
  try {
    return (await import("node:async_hooks")).AsyncLocalStorage;
  } catch {
    return SyncOnlyStorage;
  }
}

/** AsyncLocalStorage of the running runtime (see the file comment for the fallback). */
export const AsyncLocalStorage: StorageClass = await findStorage();
