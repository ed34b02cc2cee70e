// werkzeug.security's generate_password_hash and check_password_hash, with node:crypto's scrypt.
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

const KEY_LENGTH = 64;

/** "scrypt:<salt>$<hash>", hex; a fresh salt each time. */
export function generatePasswordHash(password: string): string {
  const salt = randomBytes(16).toString("hex");
  return `scrypt:${salt}$${scryptSync(password, salt, KEY_LENGTH).toString("hex")}`;
}

/** Compares in constant time. */
export function checkPasswordHash(stored: string, password: string): boolean {
  const match = /^scrypt:([0-9a-f]+)\$([0-9a-f]+)$/.exec(stored);
  if (match === null) return false;
  const expected = Buffer.from(match[2] ?? "", "hex");
  const actual = scryptSync(password, match[1] ?? "", expected.length);
  return timingSafeEqual(actual, expected);
}
