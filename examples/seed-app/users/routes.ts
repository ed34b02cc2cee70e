// The users blueprint: /users/ lists users, /users/<int:user_id> shows one (JSON).
import { Blueprint, urlFor } from "flagon";

export const users = new Blueprint("users", { urlPrefix: "/users" });

const NAMES = ["Alice", "Bob", "Charlie"];

users.route("/", function list_users() {
  return NAMES;
});

users.route("/<int:user_id>", function get_user({ user_id }) {
  return { id: user_id, name: "Alice" };
});

// Relative endpoints resolve inside the blueprint: ".get_user" is "users.get_user".
users.route("/first", function first_user() {
  return { url: urlFor(".get_user", { user_id: 1 }) };
});
