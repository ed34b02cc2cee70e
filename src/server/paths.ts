/** Folders relative to an app's root (`import.meta.url` of its module, or a directory). */
import { dirname, extname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The absolute folder `folder` names, relative to the app's root as Flask's `root_path`. */
export function resolveFolder(root: string, folder: string): string {
  if (isAbsolute(folder)) return folder;
  const path = root.startsWith("file:") ? fileURLToPath(root) : root;
  const base = extname(path) !== "" && !path.endsWith("/") ? dirname(path) : path;
  return resolve(base, folder);
}
