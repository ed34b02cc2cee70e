/** `flagon/testing`: the in-process test client. */
export { TestClient, type Dispatch, type Fetcher, type TestRequestInit, type TestResponse, type QueryInit, type FormInit } from "./client.js";
