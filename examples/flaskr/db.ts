// Flaskr's database: the tutorial's two tables (user, post) in memory, one store per app, so each
// test's app starts from its own data. getDb() is the tutorial's get_db().
import { currentApp } from "flagon";

export interface User {
  id: number;
  username: string;
  password: string;
}

export interface Post {
  id: number;
  author_id: number;
  created: Date;
  title: string;
  body: string;
}

/** A post joined with its author's name, as the tutorial's queries select it. */
export interface PostRow extends Post {
  username: string;
}

/** The store's IntegrityError: the user table's UNIQUE username was broken. */
export class IntegrityError extends Error {
  override name = "IntegrityError";
}

export class Database {
  readonly #users: User[] = [];
  readonly #posts: Post[] = [];
  #nextUserId = 1;
  #nextPostId = 1;

  insertUser(username: string, password: string): User {
    if (this.#users.some((user) => user.username === username)) throw new IntegrityError(`UNIQUE constraint failed: user.username (${username})`);
    const user = { id: this.#nextUserId++, username, password };
    this.#users.push(user);
    return user;
  }

  userById(id: number): User | undefined {
    return this.#users.find((user) => user.id === id);
  }

  userByName(username: string): User | undefined {
    return this.#users.find((user) => user.username === username);
  }

  insertPost(title: string, body: string, authorId: number, created = new Date()): Post {
    const post = { id: this.#nextPostId++, author_id: authorId, created, title, body };
    this.#posts.push(post);
    return post;
  }

  /** Newest first, as `ORDER BY created DESC`. */
  posts(): PostRow[] {
    return [...this.#posts].sort((a, b) => b.created.getTime() - a.created.getTime() || b.id - a.id).map((post) => this.#row(post));
  }

  post(id: number): PostRow | undefined {
    const post = this.#posts.find((p) => p.id === id);
    return post === undefined ? undefined : this.#row(post);
  }

  updatePost(id: number, changes: Partial<Pick<Post, "title" | "body" | "author_id">>): void {
    const post = this.#posts.find((p) => p.id === id);
    if (post !== undefined) Object.assign(post, changes);
  }

  deletePost(id: number): void {
    const at = this.#posts.findIndex((p) => p.id === id);
    if (at >= 0) this.#posts.splice(at, 1);
  }

  #row(post: Post): PostRow {
    return { ...post, username: this.userById(post.author_id)?.username ?? "" };
  }
}

/** The current app's database (the tutorial's get_db()). */
export function getDb(): Database {
  return currentApp.config["DATABASE"] as Database;
}
