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
  /** The template asked for; for `{% include [list] %}`, the last of the list, as Jinja's `TemplatesNotFound`. */
  readonly template: string;
  /** Every template tried: one, or each name of `{% include [list] %}`. */
  readonly templates: readonly string[];
  /** The template whose `{% include %}`, `{% extends %}` or `{% import %}` asked for it; `undefined` for the page rendered. */
  readonly from: string | undefined;

  constructor(template: string | readonly string[], searchPaths: readonly string[], options?: ErrorOptions & { from?: string | undefined }) {
    const templates = typeof template === "string" ? [template] : template;
    const where = searchPaths.length === 0 ? "no template folders are configured" : `looked in ${searchPaths.join(", ")}`;
    const asker = options?.from === undefined ? "" : `, asked for by ${options.from}`;
    const what =
      templates.length === 1 ? `Template "${templates[0]}" was not found`
      : templates.length === 0 ? "An include's list of templates is empty, so none was found"
      : `None of the templates ${templates.map((name) => `"${name}"`).join(", ")} was found`;
    super(
      "FLAGON_TEMPLATE_NOT_FOUND",
      `${what} (${where})${asker}. Put it in the app's templates/ folder or in a blueprint's templateFolder.`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.template = templates[templates.length - 1] ?? "";
    this.templates = templates;
    this.from = options?.from;
  }
}
