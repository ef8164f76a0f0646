// Who is signed in: GET /api/security/me, asked when this module is evaluated, the first of the page's (app.js imports
// it first), so that the answer is on its way while the views' modules are evaluated. A 401 sends the browser to the
// login page (api.js).
import { api } from "./api.js";

/** The promise of the answer ({name, role, …}); rejects with ApiError. Awaited once by app.js, beside the first view. */
export const whoAmI = api("/api/security/me");
// Handled by app.js; this keeps a failure before that await from being reported as unhandled.
whoAmI.catch(() => {});
