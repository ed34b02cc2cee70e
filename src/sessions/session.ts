/** The session object a request sees: JSON values kept in a signed cookie. */

/** JSON-compatible values a session can hold. */
export type SessionValue = string | number | boolean | null | SessionValue[] | { [key: string]: SessionValue };

/** Flask's session: a dict that remembers whether it was read or changed. */
export class Session {
  #values: Record<string, SessionValue>;
  /** True once anything was set, deleted or cleared (the cookie is rewritten then). */
  modified = false;
  /** True once anything was read (responses then vary on Cookie). */
  accessed = false;
  /** True when the request carried a session cookie, valid or not (emptying the session then deletes it). */
  readonly fromCookie: boolean;

  constructor(values: Record<string, SessionValue> = {}, fromCookie = false) {
    this.#values = values;
    this.fromCookie = fromCookie;
  }

  get<T extends SessionValue = SessionValue>(key: string): T | undefined;
  get<T extends SessionValue, D>(key: string, defaultValue: D): T | D;
  get(key: string, defaultValue?: unknown): unknown {
    this.accessed = true;
    return Object.hasOwn(this.#values, key) ? this.#values[key] : defaultValue;
  }

  set(key: string, value: SessionValue): this {
    this.accessed = true;
    this.modified = true;
    this.#values[key] = value;
    return this;
  }

  delete(key: string): boolean {
    this.accessed = true;
    if (!Object.hasOwn(this.#values, key)) return false;
    this.modified = true;
    delete this.#values[key];
    return true;
  }

  has(key: string): boolean {
    this.accessed = true;
    return Object.hasOwn(this.#values, key);
  }

  /** Removes every value (the cookie is deleted when the response is sent). */
  clear(): void {
    this.accessed = true;
    this.modified = true;
    this.#values = {};
  }

  /** Removes a value and returns it (Flask's `session.pop`). */
  pop<T extends SessionValue = SessionValue>(key: string): T | undefined {
    const value = this.get(key) as T | undefined;
    this.delete(key);
    return value;
  }

  keys(): string[] {
    this.accessed = true;
    return Object.keys(this.#values).filter((key) => key !== "_permanent");
  }

  get size(): number {
    return this.keys().length;
  }

  /** A permanent session outlives the browser session: its cookie carries Expires = now + PERMANENT_SESSION_LIFETIME. */
  get permanent(): boolean {
    return this.#values["_permanent"] === true;
  }

  set permanent(value: boolean) {
    if (value) this.set("_permanent", true);
    else this.delete("_permanent");
  }

  /** The stored values (as written to the cookie). */
  toJSON(): Record<string, SessionValue> {
    return { ...this.#values };
  }
}
