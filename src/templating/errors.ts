import { FlagonError } from "../routing/errors.js";

/** A template failed to compile or render; names the template, its file and the line. */
export class TemplateError extends FlagonError {
  /** The template's name as asked for (`"users/list.html"`), or `"<string>"` for `renderTemplateString`. */
  readonly template: string;
  /** The file the failing line is in (an included or extended template may differ from `template`). */
  readonly file: string | undefined;
  /** 1-based line in `file`, when nunjucks knows it. */
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The problem alone, without the location. */
  readonly problem: string;

  constructor(
    where: { template: string; file: string | undefined; line: number | undefined; column: number | undefined },
    problem: string,
    options?: ErrorOptions,
  ) {
    const at = where.file ?? where.template;
    const line = where.line === undefined ? "" : `, line ${where.line}`;
    super("FLAGON_TEMPLATE", `${problem} (in template ${at}${line})`, options);
    this.template = where.template;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.problem = problem;
  }
}

/** No search path holds the template; the message lists where flagon looked. */
export class TemplateNotFoundError extends FlagonError {
  readonly template: string;
  /** The template whose `{% include %}`, `{% extends %}` or `{% import %}` asked for it; `undefined` for the page rendered. */
  readonly from: string | undefined;

  constructor(template: string, searchPaths: readonly string[], options?: ErrorOptions & { from?: string | undefined }) {
    const where = searchPaths.length === 0 ? "no template folders are configured" : `looked in ${searchPaths.join(", ")}`;
    const asker = options?.from === undefined ? "" : `, asked for by ${options.from}`;
    super(
      "FLAGON_TEMPLATE_NOT_FOUND",
      `Template "${template}" was not found (${where})${asker}. Put it in the app's templates/ folder or in a blueprint's templateFolder.`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.template = template;
    this.from = options?.from;
  }
}
