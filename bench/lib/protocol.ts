/** Children print one line starting with this marker, followed by JSON, for the parent to read. */
export const RESULT_MARK = "@@bench-result ";

export function emit(value: unknown): void {
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(value)}\n`);
}

/** Finds the marked line in a child's output. */
export function readResult<T>(stdout: string): T | undefined {
  const line = stdout.split("\n").find((l) => l.startsWith(RESULT_MARK));
  return line === undefined ? undefined : (JSON.parse(line.slice(RESULT_MARK.length)) as T);
}
