import type { MatchCase } from "./case-types.js";

/**
 * flagon splits the raw path on "/" first and then decodes each segment once
 * (Werkzeug decodes the whole path first; flagon deliberately differs).
 */
export const percentEncodingCases: readonly MatchCase[] = [
  { rules: ["/files/<name>"], path: "/files/a%2Fb", expect: { kind: "match", endpoint: "/files/<name>", values: { name: "a/b" } }, why: "%2F stays inside its segment and decodes to a slash" },
  { rules: ["/files/<name>"], path: "/files/a%2fb", expect: { kind: "match", endpoint: "/files/<name>", values: { name: "a/b" } }, why: "lower-case hex digits decode too" },
  { rules: ["/files/<a>/<b>"], path: "/files/a%2Fb", expect: { kind: "notFound" }, why: "an encoded slash never separates segments" },
  { rules: ["/a/b"], path: "/a%2Fb", expect: { kind: "notFound" } },
  { rules: ["/files/<path:p>"], path: "/files/a%2Fb/c", expect: { kind: "match", endpoint: "/files/<path:p>", values: { p: "a/b/c" } } },
  { rules: ["/files/<path:p>"], path: "/files/dir/my%20file.txt", expect: { kind: "match", endpoint: "/files/<path:p>", values: { p: "dir/my file.txt" } } },
  { rules: ["/p/<v>"], path: "/p/%2541", expect: { kind: "match", endpoint: "/p/<v>", values: { v: "%41" } }, why: "each segment is decoded exactly once" },
  { rules: ["/p/<v>"], path: "/p/%25", expect: { kind: "match", endpoint: "/p/<v>", values: { v: "%" } } },
  { rules: ["/p/<v>"], path: "/p/a%20b", expect: { kind: "match", endpoint: "/p/<v>", values: { v: "a b" } } },
  { rules: ["/p/<v>"], path: "/p/a+b", expect: { kind: "match", endpoint: "/p/<v>", values: { v: "a+b" } }, why: "a plus sign in a path is not a space" },
  { rules: ["/p/<v>"], path: "/p/%7E%21", expect: { kind: "match", endpoint: "/p/<v>", values: { v: "~!" } } },
  { rules: ["/p/<v>"], path: "/p/%3F%23", expect: { kind: "match", endpoint: "/p/<v>", values: { v: "?#" } } },
  { rules: ["/p/<v>"], path: "/p/%E2%82%AC", expect: { kind: "match", endpoint: "/p/<v>", values: { v: "€" } } },
  { rules: ["/p/<v>"], path: "/p/%F0%9F%8D%BA", expect: { kind: "match", endpoint: "/p/<v>", values: { v: "🍺" } } },
  { rules: ["/p/<v>"], path: "/p/%0A", expect: { kind: "match", endpoint: "/p/<v>", values: { v: "\n" } }, why: "an encoded newline is part of the value" },
  { rules: ["/foo"], path: "/%66oo", expect: { kind: "match", endpoint: "/foo" }, why: "static segments are compared after decoding" },
  { rules: ["/a b"], path: "/a%20b", expect: { kind: "match", endpoint: "/a b" } },
  { rules: ["/n/<int:v>"], path: "/n/%34%32", expect: { kind: "match", endpoint: "/n/<int:v>", values: { v: 42 } }, why: "converters see decoded text" },
  { rules: ["/p/<v>"], path: "/p/%zz", expect: { kind: "badRequest" }, why: "malformed percent-encoding is a bad request" },
  { rules: ["/p/<v>"], path: "/p/%", expect: { kind: "badRequest" } },
  { rules: ["/p/<v>"], path: "/p/abc%4", expect: { kind: "badRequest" } },
  { rules: ["/p/<v>"], path: "/p/%C3", expect: { kind: "badRequest" }, why: "a truncated UTF-8 sequence is a bad request" },
  { rules: ["/p/<v>"], path: "/p/%FF", expect: { kind: "badRequest" }, why: "bytes that are not UTF-8 are a bad request" },
  { rules: ["/files/<path:p>"], path: "/files/a/%zz/b", expect: { kind: "badRequest" } },
];
