/** JSON that is safe inside HTML, `<script>` and single-quoted attributes, as Flask's `tojson`. */
export function htmlSafeJson(value: unknown, indent?: number, replacer?: (key: string, value: unknown) => unknown): string {
  const json = JSON.stringify(value, replacer, indent) ?? "null";
  return json
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("'", "\\u0027");
}
