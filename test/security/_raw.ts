/** Raw-socket helpers for the security and fault tests: malformed requests that fetch() would refuse to send. */
import { connect } from "node:net";

/** What the server answered on one connection before closing it (or before `until` matched). */
export interface RawAnswer {
  text: string;
  status: number;
  closed: boolean;
}

function statusOf(text: string): number {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  return match === null ? 0 : Number(match[1]);
}

/**
 * Sends `payload` (string or chunks written in order) and resolves once the
 * server closes the connection, or once a whole response has arrived when
 * `oneResponse` is set (Content-Length framing only).
 */
export function rawRequest(port: number, payload: string | Buffer | readonly (string | Buffer)[], options: { oneResponse?: boolean } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    let settled = false;
    const done = (closed: boolean): void => {
      if (settled) return;
      settled = true;
      if (!closed) socket.destroy();
      resolve({ text, status: statusOf(text), closed });
    };
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      if (options.oneResponse === true) {
        const end = text.indexOf("\r\n\r\n");
        const length = /\r\ncontent-length: (\d+)/i.exec(text);
        if (end !== -1 && length !== null && text.length >= end + 4 + Number(length[1])) done(false);
      }
    });
    socket.on("close", () => done(true));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      // A reset after the answer arrived still counts as the server closing.
      if (text.length > 0 || error.code === "ECONNRESET" || error.code === "EPIPE") done(true);
      else reject(error);
    });
    const parts = Array.isArray(payload) ? payload : [payload];
    for (const part of parts) socket.write(part as string | Buffer);
  });
}

/** A GET request line + Host for `target`, keep-alive off so the server closes after answering. */
export function get(target: string, headers: Record<string, string> = {}): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  return `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${lines}\r\n`;
}

/** The body of a raw HTTP answer (after the head). */
export function bodyOf(answer: RawAnswer): string {
  const end = answer.text.indexOf("\r\n\r\n");
  return end === -1 ? "" : answer.text.slice(end + 4);
}
