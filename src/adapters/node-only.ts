/**
 * The error a Node-only feature raises on a runtime that cannot load it
 * (Cloudflare Workers, a browser): the app still loads and serves, and only
 * the feature that needs files says so.
 */
import { FlagonError } from "../routing/errors.js";

/** Raised when a feature that needs Node's file system or processes is used where they are missing. */
export class NodeOnlyError extends FlagonError {
  constructor(feature: string, needs: string, cause: unknown) {
    super(
      "FLAGON_NODE_ONLY",
      `${feature} needs ${needs}, which this runtime could not load (${cause instanceof Error ? cause.message : String(cause)}). ` +
        `Run this part of the app on Node, Bun or Deno, or serve files from the platform (e.g. Workers static assets); see docs/deploy.md.`,
      { cause },
    );
  }
}
