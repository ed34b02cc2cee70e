export { Session, type SessionValue } from "./session.js";
export { loadSession, saveSession, MissingSecretKeyError, SessionTooLargeError, MAX_COOKIE_SIZE } from "./cookie-session.js";
export { flash, getFlashedMessages, type FlashedOptions } from "./flash.js";
