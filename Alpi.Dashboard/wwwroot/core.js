// Shared helpers of the dashboard's views: language, DOM building, formatting, severities, links.
// Everything coming from the network is inserted as text (textContent, attributes), never as HTML.
import { TEXT } from "./i18n.js";

/** The page's language, "fr" (default) or "en", remembered in localStorage. */
export const settings = { lang: localStorage.getItem("alpi.lang") === "en" ? "en" : "fr" };

/** The label of `key` in the page's language; `{name}` placeholders are replaced from `values`. */
export function t(key, values) {
  if (!(key in TEXT.fr)) console.warn(`Alpi: no label "${key}"`);
  const text = (TEXT[settings.lang] && TEXT[settings.lang][key]) ?? TEXT.fr[key] ?? key;
  return values ? text.replace(/\{(\w+)\}/g, (m, name) => (values[name] ?? m)) : text;
}

/** Builds an element: `text` sets textContent, `on…` adds a listener, `class` etc. set attributes; null children are skipped. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c != null) node.append(c);
  return node;
}

/**
 * Shows in `node` what `render(node)` draws — a text, a node, nodes, or nothing — and keeps `render` on the node
 * (`alpiShown`): a language switch draws the view again, and app.js then calls `render` again on the new node of the same
 * id, so that what was on screen (a search's results, a refusal, the message after an action) stays, worded in the new
 * language. `render` words its text when called (t(), refusalText()), from the values it holds (the answer, the error);
 * `node` is the node it draws in then. Returns `node`.
 */
export function show(node, render) {
  node.alpiShown = render;
  node.replaceChildren(...[render(node) ?? []].flat());
  return node;
}

/** The colon between a label and its value: " : " in French (a space before it, as French typography has it), ": " in English. */
export const colon = () => (settings.lang === "fr" ? " : " : ": ");

/** "label : value" in French, "label: value" in English (`colon`). */
export const labelled = (label, value) => `${label}${colon()}${value}`;

/** Replaces the children of `node` only when `key` changed, so that refreshes leave focus and selection alone. */
export function replaceIfChanged(node, key, build) {
  if (node.dataset.key === key) return false;
  node.dataset.key = key;
  node.replaceChildren(...[build()].flat());
  return true;
}

/** Severities, worst first (the alert engine's names). */
export const SEVERITIES = ["disaster", "critical", "warning", "info"];

/** 4 for disaster … 1 for info, 0 for anything else. */
export const severityRank = (s) => { const i = SEVERITIES.indexOf(s); return i < 0 ? 0 : SEVERITIES.length - i; };

/** A severity badge: the word, never the colour alone. */
export const severityBadge = (s) => el("span", { class: `sev sev-${SEVERITIES.includes(s) ? s : "info"}`, text: t(`sev_${s}`) });

// Intl formatters by language and options, made once: building one costs about a hundred times what formatting with it
// does (ICU loads the locale's data each time), and a page formats thousands of numbers and dates (the problems list,
// a host's current values).
const formatters = new Map();
function formatter(key, make) {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f;
}

/** A number in the page's language; `compact` gives 1,2 k; null gives an em dash. */
export function number(v, compact, digits = 1) {
  if (v == null || Number.isNaN(v)) return "—";
  const lang = settings.lang;
  return formatter(`n|${lang}|${compact ? "c" : ""}|${digits}`, () => new Intl.NumberFormat(lang, compact
    ? { notation: "compact", maximumFractionDigits: digits } : { maximumFractionDigits: digits })).format(v);
}

/** A duration in seconds as "45 s", "12 min", "3 h 05", "2 j 4 h". */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t("dur_s", { n: s });
  if (s < 3600) return t("dur_min", { n: Math.floor(s / 60) });
  if (s < 86400) return t("dur_h", { h: Math.floor(s / 3600), m: String(Math.floor((s % 3600) / 60)).padStart(2, "0") });
  return t("dur_d", { d: Math.floor(s / 86400), h: Math.floor((s % 86400) / 3600) });
}

/** "il y a 12 min" / "12 min ago" from an ISO time. */
export const ago = (iso) => t("ago", { d: duration((Date.now() - Date.parse(iso)) / 1000) });

/** A date and time in the page's language, 24-hour clock. */
export function dateTime(iso) {
  if (!iso) return "—";
  const lang = settings.lang;
  return formatter(`d|${lang}`, () => new Intl.DateTimeFormat(lang, { dateStyle: "short", timeStyle: "medium", hourCycle: "h23" }))
    .format(new Date(iso));
}

/** A `<time>` element showing how long ago `iso` was, with the full date as its title. */
export const agoTime = (iso) => el("time", { datetime: iso, title: dateTime(iso), text: ago(iso) });

const enc = encodeURIComponent;
/** Link targets of the views. */
export const href = {
  host: (tenant, host) => `#/host/${enc(tenant)}/${enc(host)}`,
  device: (tenant, agent, device) => `#/device/${enc(tenant)}/${enc(agent)}/${enc(device)}`,
  problems: (filters) => `#/problems${filters ? "?" + new URLSearchParams(filters) : ""}`,
};

/**
 * Who is signed in, from `GET /api/security/me` (asked once when the page starts): the account's name, its role
 * (`administrator`, `technician`, `viewer`, `dpo`), `cookie` or `token`, and the access policies it satisfies; `known`
 * turns true when the answer (or its failure: then no policy) is in. The views do not wait for it: they render at once
 * with no action the role might not be allowed, and app.js calls their `session()` when it is known, to add what the role
 * may do. The server decides every request; the page only hides what the role may not do.
 */
export const session = { name: "", role: "", authentication: "", policies: [], known: false };

/** The server's policy names (Alpi.Collector/Security/Authorization/AccessPolicies.cs). */
export const POLICY = { operate: "alpi.operate", personalData: "alpi.personal-data", administer: "alpi.administer", audit: "alpi.audit",
  connectionLog: "alpi.connection-log" };

/** True when the signed-in account may do what `policy` (one of POLICY) allows. */
export const can = (policy) => session.policies.includes(policy);
