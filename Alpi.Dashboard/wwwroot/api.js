// The one door to the collector's HTTP API: every call of the page goes through `request`, so that an expired
// session (401) is handled in one place: sent to /login, which brings the technician back to the same view.

/**
 * An API failure: the HTTP status (0 when the collector could not be reached), its error message, and — when the API
 * answered a problem (`{"error","parameter"}`) — that English sentence (`reason`), the field it names (`parameter`),
 * and the refusal's `code` and values (`args`), from which refusals.js words it in the page's language.
 */
export class ApiError extends Error {
  constructor(status, message, reason = null, parameter = null, code = null, args = null) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.parameter = parameter;
    this.code = code;
    this.args = args;
    /** Each reason of a refusal for several at once (`[{detail, parameter, code, args}]`), or null. */
    this.errors = null;
  }
}

let signingOut = false;

/**
 * The logout form is being sent: from now on a 401 (the live stream or a poll answered after the session ended) must
 * not send the browser to /login itself, which would replace the logout's own page ("you are logged out").
 */
export function signingOutNow() {
  signingOut = true;
}

/** Called on a 401 answer. The login page is the only place that knows how to get a session back. */
function unauthorized() {
  if (signingOut) return;
  location.assign(`/login?returnUrl=${encodeURIComponent("/")}${location.hash}`);
}

/** fetch() with the page's rules: same-origin credentials, no HTTP cache, 401 → login, network failure → ApiError(0). */
export async function request(path, init = {}) {
  let response;
  try {
    response = await fetch(path, { credentials: "same-origin", cache: "no-store", ...init });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(0, `${path}: ${e.message}`);
  }
  if (response.status === 401) {
    unauthorized();
    throw new ApiError(401, `${path} → HTTP 401`);
  }
  return response;
}

/** Sends a JSON request and returns the parsed answer (null for 204); a non-2xx answer throws ApiError with the API's message. */
export async function api(path, { method = "GET", body, signal } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await request(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    const problem = await errorBody(response);
    const error = new ApiError(response.status, `${method} ${path} → HTTP ${response.status}${problem.error ? `: ${problem.error}` : ""}`,
      problem.error, problem.parameter, problem.code, problem.args);
    // A refusal for several reasons at once lists each (`errors`: detail, parameter, code, args); refusals.js words them.
    error.errors = problem.errors;
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

/** The API's `{"error","parameter"}` (or an RFC 9457 problem's `detail`) with its `code` and `args`, or empty values. */
async function errorBody(response) {
  try {
    const body = await response.json();
    return { error: body?.error ?? body?.detail ?? null, parameter: body?.parameter ?? null,
      code: typeof body?.code === "string" ? body.code : null, args: body?.args && typeof body.args === "object" ? body.args : null,
      errors: Array.isArray(body?.errors) ? body.errors : null };
  } catch {
    return { error: null, parameter: null, code: null, args: null, errors: null };
  }
}

async function detail(response) {
  const { error } = await errorBody(response);
  return error ? `: ${error}` : "";
}

/**
 * Polls `path` every `intervalMs` with If-None-Match, calling `onData(json)` only when the answer changed and
 * `onError(error|null)` after each attempt. Returns a function that stops polling; its `refresh()` polls at once
 * (after the request in flight, if any) and starts the interval again.
 */
export function poll(path, intervalMs, onData, onError) {
  let etag = null, timer = null, stopped = false, busy = false, again = false;
  const controller = new AbortController();
  const tick = async () => {
    clearTimeout(timer);
    if (busy) { again = true; return; }
    busy = true;
    try {
      const headers = { Accept: "application/json" };
      if (etag) headers["If-None-Match"] = etag;
      const response = await request(typeof path === "function" ? path() : path, { headers, signal: controller.signal });
      if (response.status !== 304) {
        if (!response.ok) throw new ApiError(response.status, `GET ${path} → HTTP ${response.status}${await detail(response)}`);
        etag = response.headers.get("ETag");
        onData(await response.json());
      }
      onError?.(null);
    } catch (e) {
      if (stopped) return;
      onError?.(e);
    }
    busy = false;
    if (stopped) return;
    if (again) { again = false; tick(); return; }
    timer = setTimeout(tick, intervalMs);
  };
  tick();
  const stop = () => { stopped = true; clearTimeout(timer); controller.abort(); };
  stop.refresh = () => { if (!stopped) tick(); };
  return stop;
}

/**
 * Reads a Server-Sent Events stream (WHATWG HTML §9.2) through `request`, so that a 401 behaves as for any call:
 * `handlers[event](json)` for each event, `onState(error|null)` on connection and failure; reconnects after 1 s,
 * doubling to 10 s. Returns a function that closes the stream.
 */
export function stream(path, handlers, onState) {
  let stopped = false, delay = 1000, controller = null;
  const connect = async () => {
    controller = new AbortController();
    try {
      const response = await request(path, { headers: { Accept: "text/event-stream" }, signal: controller.signal });
      if (!response.ok || !response.body) throw new ApiError(response.status, `GET ${path} → HTTP ${response.status}`);
      delay = 1000;
      onState(null);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n?/g, "\n");
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          dispatch(buffer.slice(0, end), handlers);
          buffer = buffer.slice(end + 2);
        }
      }
      throw new ApiError(0, `${path}: stream closed`);
    } catch (e) {
      if (stopped) return;
      onState(e);
      setTimeout(connect, delay);
      delay = Math.min(10_000, delay * 2);
    }
  };
  connect();
  return () => { stopped = true; controller?.abort(); };
}

function dispatch(block, handlers) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  if (data.length && handlers[event]) handlers[event](JSON.parse(data.join("\n")));
}
