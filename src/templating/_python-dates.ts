/**
 * Python's `datetime` methods and fields on a `Date`, which Jinja templates
 * read from a row's timestamp (`post['created'].strftime('%Y-%m-%d')`).
 * A `Date` is an instant, not Python's naive datetime: its fields are read
 * in UTC, so a page renders the same on every server whatever its time zone.
 */
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const pad = (value: number, width = 2, fill = "0"): string => String(value).padStart(width, fill);

function dayOfYear(date: Date): number {
  return Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

const DIRECTIVES: Readonly<Record<string, (date: Date) => string>> = {
  a: (d) => (DAYS[d.getUTCDay()] ?? "").slice(0, 3),
  A: (d) => DAYS[d.getUTCDay()] ?? "",
  w: (d) => String(d.getUTCDay()),
  d: (d) => pad(d.getUTCDate()),
  e: (d) => pad(d.getUTCDate(), 2, " "),
  b: (d) => (MONTHS[d.getUTCMonth()] ?? "").slice(0, 3),
  B: (d) => MONTHS[d.getUTCMonth()] ?? "",
  m: (d) => pad(d.getUTCMonth() + 1),
  y: (d) => pad(d.getUTCFullYear() % 100),
  Y: (d) => String(d.getUTCFullYear()),
  H: (d) => pad(d.getUTCHours()),
  I: (d) => pad(d.getUTCHours() % 12 || 12),
  p: (d) => (d.getUTCHours() < 12 ? "AM" : "PM"),
  M: (d) => pad(d.getUTCMinutes()),
  S: (d) => pad(d.getUTCSeconds()),
  f: (d) => pad(d.getUTCMilliseconds() * 1000, 6),
  z: () => "+0000",
  Z: () => "UTC",
  j: (d) => pad(dayOfYear(d), 3),
  F: (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
  T: (d) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  "%": () => "%",
};

/** Python's `strftime`; a directive it does not know fails rather than printing something else. */
export function strftime(date: Date, format: unknown): string {
  return String(format).replace(/%(.?)/gs, (directive, name: string) => {
    const write = Object.prototype.hasOwnProperty.call(DIRECTIVES, name) ? DIRECTIVES[name] : undefined;
    if (write === undefined) throw new RangeError(`strftime: unsupported directive "${directive}"; use one of %${Object.keys(DIRECTIVES).join(" %")}.`);
    return write(date);
  });
}

const MEMBERS: Readonly<Record<string, (date: Date) => unknown>> = {
  strftime: (d) => (format: unknown) => strftime(d, format),
  // As Python's: the fraction only when there is one.
  isoformat: (d) => () => `${strftime(d, d.getUTCMilliseconds() === 0 ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%dT%H:%M:%S.%f")}+00:00`,
  year: (d) => d.getUTCFullYear(),
  month: (d) => d.getUTCMonth() + 1,
  day: (d) => d.getUTCDate(),
  hour: (d) => d.getUTCHours(),
  minute: (d) => d.getUTCMinutes(),
  second: (d) => d.getUTCSeconds(),
};

/** `date.<name>` as Python's datetime has it, or `undefined` to leave it to JavaScript. */
export function pythonDateMember(date: Date, name: string): unknown {
  const member = Object.prototype.hasOwnProperty.call(MEMBERS, name) ? MEMBERS[name] : undefined;
  return member?.(date);
}
