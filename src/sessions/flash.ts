/** Flask's message flashing: messages stored in the session under "_flashes" until read. */
import { currentRequest, OutsideRequestError } from "../context.js";
import type { Session, SessionValue } from "./session.js";

function currentSession(name: string): Session {
  const request = currentRequest();
  if (request?.binding === undefined) throw new OutsideRequestError(name);
  return request.binding.sessionOf(request);
}

/**
 * Stores a message for the next request that calls `getFlashedMessages()`.
 * @example flash("Saved.", "success")
 */
export function flash(message: string, category = "message"): void {
  const session = currentSession("flash");
  const flashes = (session.get("_flashes") as SessionValue[] | undefined) ?? [];
  session.set("_flashes", [...flashes, [category, message]]);
}

/** Options of `getFlashedMessages()`. */
export interface FlashedOptions {
  withCategories?: boolean;
  categoryFilter?: readonly string[];
}

/**
 * Pops the flashed messages (all of them, even when filtering, as Flask does).
 * With `withCategories`, pairs of `[category, message]`.
 */
export function getFlashedMessages(options?: { withCategories?: false; categoryFilter?: readonly string[] }): string[];
export function getFlashedMessages(options: { withCategories: true; categoryFilter?: readonly string[] }): [string, string][];
export function getFlashedMessages(options: FlashedOptions = {}): string[] | [string, string][] {
  const request = currentRequest();
  if (request === undefined) throw new OutsideRequestError("getFlashedMessages");
  const cached = request.g["_flashes"] as [string, string][] | undefined;
  let flashes = cached;
  if (flashes === undefined) {
    const session = currentSession("getFlashedMessages");
    flashes = session.has("_flashes") ? ((session.pop("_flashes") as [string, string][] | undefined) ?? []) : [];
    request.g["_flashes"] = flashes;
  }
  const filter = options.categoryFilter;
  const chosen = filter === undefined || filter.length === 0 ? flashes : flashes.filter(([category]) => filter.includes(category));
  return options.withCategories === true ? chosen.map(([c, m]) => [c, m] as [string, string]) : chosen.map(([, m]) => m);
}
