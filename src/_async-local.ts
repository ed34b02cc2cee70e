/**
 * The one import of AsyncLocalStorage. Node, Bun, Deno and Workers
 * (nodejs_compat) all provide `node:async_hooks`; a runtime without it can
 * swap this file.
 */
export { AsyncLocalStorage } from "node:async_hooks";
