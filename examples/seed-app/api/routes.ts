// The JSON API blueprint: list, get and create users.
import { Blueprint, BadRequest, jsonify } from "flagon";

export const api = new Blueprint("api", { urlPrefix: "/api" });

const USERS = [
  { id: 1, name: "Alice", email: "alice@example.com" },
  { id: 2, name: "Bob", email: "bob@example.com" },
];

api.get("/users", function list_users() {
  return USERS;
});

api.get("/users/<int:user_id>", function get_user({ user_id }) {
  return USERS.find((user) => user.id === user_id) ?? jsonify({ error: `No user ${user_id}` }, 404);
});

api.post("/user", function create_user(_, request) {
  const body = request.json as { name?: unknown; email?: unknown } | null;
  if (body === null || typeof body !== "object" || typeof body.name !== "string" || typeof body.email !== "string") {
    throw new BadRequest('Send a JSON object with "name" and "email" strings.');
  }
  return jsonify({ message: `Created user ${body.name}`, email: body.email }, 201);
});

// The API answers errors as JSON, whatever the client accepts.
api.errorHandler(BadRequest, (error) => jsonify({ error: error.description }, 400));
