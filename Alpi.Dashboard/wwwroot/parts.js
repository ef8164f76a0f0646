// Pieces shared by the host and device pages: facts list, current values, alert history, periodic refresh.
import { el, t, number, dateTime, duration, severityBadge, replaceIfChanged, colon } from "./core.js";
import { api, poll } from "./api.js";
import { live, onLive } from "./live.js";

/** A <dl> of [label key, value] pairs; values are text or nodes. */
export function facts(dl, rows) {
  dl.replaceChildren(...rows.flatMap(([k, v]) => [el("dt", { text: t(k) }), el("dd", {}, v == null || v === "" ? "—" : v)]));
}

/** A titled section (h2) holding `children`. */
export function section(id, titleKey, ...children) {
  return el("section", { class: "block", "aria-labelledby": `${id}-title` },
    el("h2", { id: `${id}-title`, text: t(titleKey) }), ...children);
}

/** Runs `fn` now and then every `ms` until the returned stop function is called; errors go to `onError`. */
export function every(ms, fn, onError) {
  let timer = null, stopped = false;
  const tick = async () => {
    try { await fn(); onError?.(null); } catch (e) { if (!stopped && e.name !== "AbortError") onError?.(e); }
    if (!stopped) timer = setTimeout(tick, typeof ms === "function" ? ms() : ms);
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}

const tagText = (tags, skip) => Object.entries(tags).filter(([k]) => !skip.includes(k)).map(([k, v]) => `${k}=${v}`).join(", ");

/**
 * The current values of every series of a host (or device), in a table: read again as soon as the live stream says
 * the host's points were stored (`stored` event), else polled every 10 s, with ETag.
 * Calls `onLatest(series)` with each new answer (for the key figures). Returns {node, stop}.
 */
export function latestValues(filters, onLatest, onError) {
  const count = el("span", { class: "count-inline" });
  const body = el("tbody");
  const table = el("table", { class: "grid", "aria-labelledby": "latest-title" },
    el("thead", {}, el("tr", {}, ["measurement", "field", "tagsCol", "value", "at"].map((k) => el("th", { scope: "col", text: t(k) })))), body);
  const details = el("details", { class: "latest" }, el("summary", {}, el("span", { id: "latest-title", text: t("allValues") }), " ", count),
    el("div", { class: "scroll" }, table));
  const params = new URLSearchParams({ host: filters.host, tenant: filters.tenant, window: "15m" });
  for (const [k, v] of Object.entries(filters.tags || {})) params.set(`tag.${k}`, v);
  const stop = poll(`/api/latest?${params}`, 10_000, (data) => {
    const series = data.series.filter((s) => s.value != null);
    count.textContent = `(${series.length})`;
    body.replaceChildren(...series.map((s) => el("tr", {},
      el("td", { text: s.measurement }), el("td", { text: s.field }),
      el("td", { text: tagText(s.tags, ["tenant", "host", ...Object.keys(filters.tags || {})]) }),
      el("td", { class: "num", text: number(s.value, false, 2) }), el("td", { text: dateTime(s.at) }))));
    onLatest?.(data.series);
  }, onError);
  const unsubscribe = onLive((what) => {
    if (what === "stored" && live.stored.some((h) => h.host === filters.host && h.tenant === filters.tenant)) stop.refresh();
  });
  return { node: details, stop: () => { unsubscribe(); stop(); } };
}

/** Finds the latest value of measurement/field whose tags include `tags`, or null. */
export function pick(series, measurement, field, tags = {}) {
  const s = series.find((x) => x.measurement === measurement && x.field === field && x.value != null
    && Object.entries(tags).every(([k, v]) => x.tags[k] === v));
  return s ? s.value : null;
}

/** Key figures as tiles: [[label key, text]]. */
export function keyFigures(node, figures) {
  const shown = figures.filter(([, v]) => v != null);
  replaceIfChanged(node, JSON.stringify(shown), () => shown.map(([k, v]) =>
    el("div", { class: "kpi" }, el("span", { class: "kpi-label", text: t(k) }), el("span", { class: "kpi-value", text: v }))));
}

export const percent = (v) => (v == null ? null : `${number(v)} %`);
export const seconds = (v) => (v == null ? null : duration(v));

/**
 * The alert history of a host: newest first, up to 50, all states; each row can show its events.
 * Returns {node, refresh(), followLive()}; `matches(alert)` keeps only some (a device's alerts among its agent's).
 */
export function alertHistory(queries, matches) {
  const body = el("tbody");
  const status = el("p", { class: "empty", text: t("loading") });
  const table = el("table", { class: "grid", "aria-labelledby": "history-title" },
    el("thead", {}, el("tr", {}, ["severity", "problem", "state", "started", "ended", "ackCol", "events"].map((k) => el("th", { scope: "col", text: t(k) })))),
    body);
  const node = el("section", { class: "block", "aria-labelledby": "history-title" },
    el("h2", { id: "history-title", text: t("alertHistory") }), status, el("div", { class: "scroll" }, table));
  const open = new Set();
  // The open alerts the table was last drawn with, as the live stream would list them (null before the first answer).
  let shownOpen = null;
  const ours = (a) => queries.some((q) => a.tenant === q.tenant && a.host === q.host) && (!matches || matches(a));
  const load = async () => {
    const lists = await Promise.all(queries.map((q) => api(`/api/alerts?${new URLSearchParams({ ...q, limit: "50" })}`)));
    const alerts = lists.flat().filter((a) => !matches || matches(a)).sort((a, b) => Date.parse(b.activeSince) - Date.parse(a.activeSince));
    shownOpen = openSignature(alerts.filter((a) => a.state !== "resolved"));
    status.textContent = alerts.length ? "" : t("noAlertHistory");
    replaceIfChanged(body, JSON.stringify(alerts) + [...open].join(), () => alerts.flatMap((a) => {
      const rows = [el("tr", { "data-alert": a.id },
        el("td", {}, severityBadge(a.severity)),
        el("td", {}, el("span", { class: "rule", text: a.rule }), a.annotations?.summary ? el("span", { class: "summary", text: ` — ${a.annotations.summary}` }) : null,
          a.instance ? el("span", { class: "instance", text: ` (${a.instance})` }) : null),
        el("td", { text: t(`state_${a.state}`) }),
        el("td", { text: dateTime(a.activeSince) }), el("td", { text: dateTime(a.resolvedAt) }),
        el("td", { text: a.acknowledgement ? `${a.acknowledgement.by}${a.acknowledgement.comment ? colon() + a.acknowledgement.comment : ""}` : "—" }),
        el("td", {}, el("button", { type: "button", class: "small", "aria-expanded": String(open.has(a.id)),
          "aria-label": t("eventsOf", { id: a.id, rule: a.rule }), text: t("events"),
          onclick: async (e) => {
            if (open.has(a.id)) open.delete(a.id); else open.add(a.id);
            await refresh();
            body.querySelector(`tr[data-alert="${a.id}"] button`)?.focus();
            e.preventDefault();
          } })))];
      if (open.has(a.id)) rows.push(el("tr", { class: "events" }, el("td", { colspan: "7" }, eventsList(a.id))));
      return rows;
    }));
  };
  // The table read now; the read in flight is kept so that a live event arriving meanwhile waits for its answer.
  let reading = null;
  const refresh = () => {
    const read = load();
    reading = read;
    read.catch(() => {}).finally(() => { if (reading === read) reading = null; });
    return read;
  };
  /**
   * For a live `alerts` event: reads the table again only when the stream's open alerts (`live.alerts`) differ, for this
   * page's hosts, from those the table shows (an alert of theirs opened, resolved and so left the stream, changed state
   * or severity, was acknowledged). The stream's event comes for any alert of the whole fleet, and its first one on every
   * load repeats what the table is reading.
   */
  const followLive = async () => {
    if (reading) await reading.catch(() => {});
    if (shownOpen === null || live.alerts == null || openSignature(live.alerts.filter(ours)) !== shownOpen) await refresh();
  };
  return { node, refresh, followLive };
}

// Open alerts (the stream's list, or the history's unresolved rows) as one comparable text of what a row shows of them:
// id, state, severity, who acknowledged, the summary (it may quote the value).
const openSignature = (alerts) => JSON.stringify(alerts.map((a) =>
  [a.id, a.state, a.severity, a.acknowledgement?.by ?? "", a.acknowledgement?.comment ?? "", a.annotations?.summary ?? ""]).sort());

function eventsList(id) {
  const list = el("ol", { class: "events-list" }, el("li", { text: t("loading") }));
  api(`/api/alerts/${id}/history`).then((events) => list.replaceChildren(...events.map((e) =>
    el("li", {}, el("time", { datetime: e.at, text: dateTime(e.at) }), ` ${t(`ev_${e.event}`)}${e.detail ? " — " + e.detail : ""}`))))
    .catch((e) => list.replaceChildren(el("li", { class: "error", text: e.message })));
  return list;
}
