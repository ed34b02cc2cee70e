// Compile-time tests of errorHandler: what each handler receives is typed by what it was
// registered for. Checked by `tsc --noEmit`.
import { Flagon, Blueprint, InternalServerError, NotFound, makeResponse } from "../../src/index.js";

const app = new Flagon(import.meta.url);
const bp = new Blueprint("bp");

// A handler for 500 receives an InternalServerError, as one registered by the class does.
app.errorHandler(500, (error) => makeResponse(String(error.originalError), 500));
bp.errorHandler(500, (error: InternalServerError) => String(error.originalError));
app.errorHandler(InternalServerError, (error) => String(error.originalError));

// Another status gives an HTTPException, with no originalError.
app.errorHandler(404, (error) => `${error.status} ${error.description}`);
// @ts-expect-error only a 500 carries the error that was thrown
app.errorHandler(404, (error) => String(error.originalError));
const status: number = 503;
app.errorHandler(status, (error) => error.description);

class PaymentError extends Error {
  readonly amount = 1;
}
app.errorHandler(PaymentError, (error) => String(error.amount));
app.errorHandler(NotFound, (error) => error.description);
