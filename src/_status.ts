/** Reason phrases for the statuses flagon writes on error pages. */
const REASONS: Readonly<Record<number, string>> = {
  300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
  307: "Temporary Redirect", 308: "Permanent Redirect",
  400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
  406: "Not Acceptable", 408: "Request Timeout", 409: "Conflict", 410: "Gone", 411: "Length Required",
  412: "Precondition Failed", 413: "Request Entity Too Large", 414: "Request URI Too Large",
  415: "Unsupported Media Type", 416: "Requested Range Not Satisfiable", 418: "I'm a teapot",
  422: "Unprocessable Entity", 428: "Precondition Required", 429: "Too Many Requests",
  431: "Request Header Fields Too Large", 500: "Internal Server Error", 501: "Not Implemented",
  502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
};

/** "Not Found" for 404; "Unknown" for statuses without a phrase here. */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? "Unknown";
}
