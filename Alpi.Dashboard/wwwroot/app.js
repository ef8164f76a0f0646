// Alpi dashboard: hash router over the views, the language switch, the live feed, the footer's status line and who
// is signed in (GET /api/security/me, asked once at start; the first view does not wait for it: it renders with no
// role-bound action, and gets them in its `session()` when the answer arrives).
// First: asks who is signed in while the other modules are still being evaluated.
import { whoAmI } from "./me.js";
import { settings, t, session, can, POLICY, show } from "./core.js";
import { ApiError, signingOutNow } from "./api.js";
import { live, onLive, startLive } from "./live.js";
import { parseRange } from "./charts.js";
import { overviewView } from "./overview.js";
import { problemsView } from "./problems.js";
import { hostsView } from "./hosts.js";
import { hostView } from "./host.js";
import { deviceView } from "./device.js";
import { wifiView } from "./wifi.js";
import { onCallView } from "./oncall.js";
import { adminView, adminSection } from "./admin.js";

const VIEWS = { overview: overviewView, problems: problemsView, hosts: hostsView, host: hostView, device: deviceView, wifi: wifiView, oncall: onCallView,
  admin: adminView };
const main = document.getElementById("main");
let current = null;
let pendingFocus = null;

const decode = (s) => { try { return decodeURIComponent(s); } catch { return s; } };

/** "#/host/T/H/h1" → {view: "host", key: "host|T|H", params: {tenant, host, range}}. */
function parseHash() {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  const parts = path.split("/").filter(Boolean).map(decode);
  const q = Object.fromEntries(new URLSearchParams(query || ""));
  if (parts[0] === "host" && parts.length >= 3) {
    return { view: "host", key: `host|${parts[1]}|${parts[2]}`, params: { tenant: parts[1], host: parts[2], range: parseRange(parts[3]) } };
  }
  if (parts[0] === "device" && parts.length >= 4) {
    return { view: "device", key: `device|${parts[1]}|${parts[2]}|${parts[3]}`,
      params: { tenant: parts[1], agent: parts[2], device: parts[3], range: parseRange(parts[4]) } };
  }
  if (parts[0] === "admin") {
    const section = adminSection(parts[1]);
    return { view: "admin", key: `admin|${section}`, params: { section, query: q } };
  }
  const view = VIEWS[parts[0]] && !["host", "device"].includes(parts[0]) ? parts[0] : "overview";
  return { view, key: view, params: { query: q } };
}

/** Footer: the last failure (announced once through its live region), or nothing; worded again when the language switches. */
let failing = "";
let failure = null;
function onError(error) {
  failure = error ?? null;
  const message = error ? `${t("error")} ${error.message}` : "";
  if (message !== failing) {
    failing = message;
    document.getElementById("problem").textContent = message;
  }
}

/** Goes to `hash`; after the view renders, the element matching `focus` (a selector) gets the keyboard focus. */
function navigate(hash, focus) {
  pendingFocus = focus;
  if (location.hash === hash) route(); else location.hash = hash;
}

const ctx = { onError, navigate };

/** The header's account box: name, role and the logout button (a plain form: POST /logout, then the login page). */
function renderUser() {
  const box = document.getElementById("user");
  box.hidden = !session.name;
  document.getElementById("user-name").textContent = session.name;
  document.getElementById("user-role").textContent = session.role ? `(${t(`role_${session.role}`)})` : "";
  document.getElementById("nav-admin").hidden = !can(POLICY.administer);
}

/**
 * Reads who is signed in, then shows the account and lets the open view add what the role may do. A 401 has already
 * sent the browser to the login page; another failure leaves the views with nothing the role might not be allowed.
 */
async function loadSession() {
  try {
    Object.assign(session, await whoAmI);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    onError(e);
  }
  session.known = true;
  renderUser();
  current?.session?.();
}

function applyLanguage() {
  document.documentElement.lang = settings.lang;
  document.getElementById("lang").value = settings.lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  renderCount();
  renderConnection();
  renderUser();
  if (failure) onError(failure);
}

function route() {
  const { view, key, params } = parseHash();
  const same = current && current.key === key && current.update;
  if (same) {
    current.update(params);
  } else {
    current?.cleanup();
    current = VIEWS[view](main, params, ctx);
    if (session.known) current.session?.();
    window.scrollTo(0, 0);
  }
  for (const a of document.querySelectorAll("nav.views a")) {
    const here = a.dataset.view === view || (a.dataset.view === "hosts" && (view === "host" || view === "device"));
    if (here) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  // A control that changed the view asks for its focus back (range buttons); a new view takes the focus, so that a
  // screen reader starts reading it, unless the language menu has it.
  const target = pendingFocus ? main.querySelector(pendingFocus) : null;
  pendingFocus = null;
  if (target) target.focus();
  else if (!same && document.activeElement?.id !== "lang") main.focus({ preventScroll: true });
}

/** The count of unacknowledged problems beside "Problems" in the menu. */
function renderCount() {
  const badge = document.getElementById("problem-count");
  const n = live.alerts ? live.alerts.filter((a) => a.state === "firing").length : 0;
  badge.textContent = n ? String(n) : "";
  badge.hidden = n === 0;
  badge.setAttribute("aria-label", t("unackedCount", { n }));
}

function renderConnection() {
  const line = document.getElementById("updated");
  line.textContent = live.error ? t("reconnecting") : live.alerts ? t("liveOn") : t("loading");
  line.className = live.error ? "error" : "";
  document.body.dataset.live = live.error ? "off" : live.alerts ? "on" : "connecting";
}

onLive((what) => {
  if (what === "alerts") renderCount();
  if (what === "connection" || what === "alerts") renderConnection();
  if (what === "connection") onError(live.error);
});

/**
 * What is typed in the view's fields, by field id: `{id: {value, checked}}` (file fields and fields without an id left
 * out); the record a form with an id is changing (`data-editing`, `{id: {editing}}`), after its fields; and what the
 * view shows of its own (core.js `show`: a search's results, a refusal, the message after an action) in nodes with an id,
 * `{id: {shown, className}}`, to be drawn again in the new language. Taken before the language switch draws the view
 * again, so that a half-filled form keeps what was typed and what it changes, and what was on screen stays.
 */
function typedFields() {
  const typed = new Map();
  for (const f of main.querySelectorAll("input[id], select[id], textarea[id]")) {
    if (f.type !== "file") typed.set(f.id, { value: f.value, checked: f.checked });
  }
  for (const f of main.querySelectorAll("form[id][data-editing]")) typed.set(f.id, { editing: f.dataset.editing });
  for (const n of main.querySelectorAll("[id]")) {
    if (n.alpiShown) typed.set(n.id, { shown: n.alpiShown, className: n.getAttribute("class") });
  }
  return typed;
}

let restoring = null;
/**
 * Puts `typed` (typedFields) back into the view's fields and forms of the same id, and draws again in the nodes of the
 * same id what they showed (in the new language): those there now, and those a view adds a little later (the session
 * search once the role is known, an administration form once its list is read), until each is back, the view changes or
 * 10 s have passed.
 */
function restoreFields(typed) {
  restoring?.();
  const fill = () => {
    for (const [id, { value, checked, editing, shown, className }] of typed) {
      const f = document.getElementById(id);
      if (!f || !main.contains(f)) continue;
      if (shown) {
        // Drawn again from what it showed (the answer, the error), worded in the new language, its state (error) kept.
        if (className == null) f.removeAttribute("class"); else f.setAttribute("class", className);
        show(f, shown);
      }
      // A form changing a record is told which one ("alpi:editing"), and goes back to changing it, its fields as typed.
      else if (editing != null) f.dispatchEvent(new CustomEvent("alpi:editing", { detail: editing }));
      else if (f.type === "checkbox" || f.type === "radio") f.checked = checked; else f.value = value;
      typed.delete(id);
    }
    if (typed.size === 0) restoring?.();
  };
  const observer = new MutationObserver(fill);
  const timer = setTimeout(() => restoring?.(), 10_000);
  const stop = () => { observer.disconnect(); clearTimeout(timer); window.removeEventListener("hashchange", stop); if (restoring === stop) restoring = null; };
  restoring = stop;
  observer.observe(main, { childList: true, subtree: true });
  window.addEventListener("hashchange", stop);
  fill();
}

document.getElementById("lang").addEventListener("change", (e) => {
  settings.lang = e.target.value === "en" ? "en" : "fr";
  localStorage.setItem("alpi.lang", settings.lang);
  const typed = typedFields();
  applyLanguage();
  current?.cleanup();
  current = null;
  route();
  restoreFields(typed);
});
document.querySelector("form.logout").addEventListener("submit", signingOutNow);
document.querySelector("a.skip").addEventListener("click", (e) => {
  e.preventDefault();
  main.focus();
});
// The name typed in the acknowledge dialog before logins existed; the account is the person now.
localStorage.removeItem("alpi.me");
applyLanguage();
// The live stream opens and the first view renders while the session's answer is on its way (the overview and problems
// views draw from the stream); a 401 on any of them sends the browser to the login page.
startLive();
window.addEventListener("hashchange", route);
route();
loadSession();
