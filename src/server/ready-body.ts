/**
 * Reads what a streamed body has ready now, so the node adapter can send a body that was
 * whole from the start (a web `Response` made from a string or bytes) with a Content-Length
 * instead of in chunks. Web streams say nothing of their source's size; the whole of such a
 * body is ready within the turn of the event loop it is handed over in (one chunk, then the
 * end), while a stream fed by I/O or timers is not, and goes on as a stream without waiting.
 */

/** What `readReady` found. */
export interface ReadyBody {
  /** The chunks read, as bytes. */
  readonly chunks: readonly Uint8Array[];
  readonly size: number;
  /**
   * Undefined when the body ended; otherwise the whole body again, to stream: the chunks read,
   * then the rest, unread. Its iterator's `return()` releases the body.
   */
  readonly rest: AsyncIterable<unknown> | undefined;
}

const encoder = new TextEncoder();
const TURN_OVER = Symbol("turn over");

/**
 * Reads `body` until it ends, until a chunk is not ready within this turn of the event loop,
 * or until `limit` bytes were read and one more read showed it goes on: at most `limit` bytes
 * and the next two chunks are held. A chunk that is neither text nor bytes stops the reading
 * too, left for the streaming path to refuse. An error thrown by the body rejects.
 */
export async function readReady(body: AsyncIterable<unknown>, limit: number): Promise<ReadyBody> {
  const iterator = body[Symbol.asyncIterator]();
  let timer: NodeJS.Immediate | undefined;
  const turnOver = new Promise<typeof TURN_OVER>((resolve) => (timer = setImmediate(resolve, TURN_OVER)));
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = iterator.next();
      const result = await Promise.race([next, turnOver]);
      if (result === TURN_OVER) return { chunks, size, rest: replay(chunks, next, iterator) };
      if (result.done === true) return { chunks, size, rest: undefined };
      const value: unknown = result.value;
      const chunk = typeof value === "string" ? encoder.encode(value) : value instanceof Uint8Array ? value : undefined;
      if (chunk === undefined || size >= limit) return { chunks, size, rest: replay(chunks, Promise.resolve(result), iterator) };
      chunks.push(chunk);
      size += chunk.byteLength;
    }
  } finally {
    clearImmediate(timer);
  }
}

/** The chunks already read, then `pending`, then the rest of `iterator`; `return()` goes to `iterator` at once. */
function replay(chunks: readonly Uint8Array[], pending: Promise<IteratorResult<unknown>>, iterator: AsyncIterator<unknown>): AsyncIterable<unknown> {
  let index = 0;
  let next: Promise<IteratorResult<unknown>> | undefined = pending;
  const replaying: AsyncIterator<unknown> = {
    next() {
      if (index < chunks.length) return Promise.resolve({ done: false, value: chunks[index++] });
      if (next === undefined) return iterator.next();
      const taken = next;
      next = undefined;
      return taken;
    },
    return(value?: unknown) {
      return iterator.return?.(value) ?? Promise.resolve({ done: true, value: undefined });
    },
  };
  return { [Symbol.asyncIterator]: () => replaying };
}
