// Koa 3 and @medley/router ship no type declarations and the project adds no
// @types packages for benchmarks, so the little the servers use is declared here.

declare module "koa" {
  import type { IncomingMessage, Server } from "node:http";

  export type DefaultState = Record<string, unknown>;
  export type DefaultContext = Record<string, unknown>;
  export interface ParameterizedContext<_State = DefaultState, _Context = DefaultContext, _Body = unknown> {
    req: IncomingMessage;
    status: number;
    type: string;
    body: unknown;
    params: Record<string, string>;
    get(field: string): string;
    [key: string]: unknown;
  }
  export type Context = ParameterizedContext;
  export type Next = () => Promise<void>;
  export type Middleware<_State = DefaultState, _Context = DefaultContext, _Body = unknown> = (
    context: ParameterizedContext,
    next: Next,
  ) => unknown;

  export default class Koa {
    use(middleware: Middleware): this;
    listen(port: number, host: string, callback: () => void): Server;
  }
}

declare module "@medley/router" {
  export default class Router {
    register(path: string): Record<string, unknown>;
    find(path: string): { store: Record<string, unknown>; params: Record<string, string> } | null;
  }
}
