/**
 * HMAC-SHA256 signing with WebCrypto (`crypto.subtle`), so the core has no
 * `node:*` import. `verify` is the runtime's constant-time comparison.
 */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey("raw", encoder.encode(`flagon.session-signing:${secret}`), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

/** Base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Decodes base64url; null when malformed or not in the one form `toBase64Url` writes. `atob`
 * ignores the unused low bits of the last character, so a signature whose last character
 * differs only there (`…A` and `…B` for 32 bytes) would decode to the same bytes and verify:
 * a signed value must have one spelling.
 */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return toBase64Url(out) === text ? out : null;
  } catch {
    return null;
  }
}

/** `value.signature`, signed with `secret`. */
export async function sign(value: string, secret: string): Promise<string> {
  const signature = await crypto.subtle.sign("HMAC", await keyFor(secret), encoder.encode(value));
  return `${value}.${toBase64Url(new Uint8Array(signature))}`;
}

/** The value of `value.signature` when one of `secrets` signed it, else null. */
export async function unsign(signed: string, secrets: readonly string[]): Promise<string | null> {
  const dot = signed.lastIndexOf(".");
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const signature = fromBase64Url(signed.slice(dot + 1));
  if (signature === null) return null;
  const message = encoder.encode(value);
  for (const secret of secrets) {
    if (await crypto.subtle.verify("HMAC", await keyFor(secret), signature, message)) return value;
  }
  return null;
}
