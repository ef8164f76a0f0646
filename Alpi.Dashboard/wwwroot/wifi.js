// The Cigale Wi-Fi network: every terminal the hotspot controller reports (`hotspot_terminal`, see the README's
// "Hotspot telemetry"), with its state, open sessions and RADIUS accepts/rejects since the controller started.
// A plan of the terminals is drawn from their coordinates when points carry `latitude` and `longitude` fields.
import { el, t, number, href, duration, replaceIfChanged } from "./core.js";
import { poll } from "./api.js";
import { live, onLive } from "./live.js";

/** Terminals from /api/latest series: [{tenant, host, group, fields: {up, active_sessions, …}, at}]. */
export function terminals(series) {
  const byHost = new Map();
  for (const s of series) {
    const key = `${s.tags.tenant}\n${s.tags.host}`;
    if (!byHost.has(key)) byHost.set(key, { tenant: s.tags.tenant, host: s.tags.host, group: s.tags.group, fields: {}, at: null });
    const term = byHost.get(key);
    if (s.value != null) {
      term.fields[s.field] = s.value;
      if (!term.at || s.at > term.at) term.at = s.at;
    }
  }
  return [...byHost.values()];
}

export function wifiView(main, params, ctx) {
  document.title = `${t("wifi")} — ${t("brand")}`;
  const summary = el("p", { class: "totals", id: "wifi-totals", text: t("loading") });
  const body = el("tbody");
  const map = el("div", { class: "map-box" });
  main.replaceChildren(
    el("h1", { id: "wifi-title", text: t("wifiTitle") }), summary, map,
    el("div", { class: "scroll" }, el("table", { class: "grid terminals", "aria-labelledby": "wifi-title" },
      el("thead", {}, el("tr", {}, ["terminal", "tenant", "group", "status", "activeSessions", "acceptsCol", "rejectsCol", "lastRequest"]
        .map((k) => el("th", { scope: "col", text: t(k) })))),
      body)));
  let list = null;

  const state = (term) => {
    if (term.fields.up != null) return term.fields.up >= 1 ? "online" : "offline";
    const h = live.hosts?.find((x) => x.tenant === term.tenant && x.host === term.host);
    return h ? h.status : "unknown";
  };
  const render = () => {
    if (!list) return;
    const rows = list.map((term) => ({ ...term, state: state(term) }))
      .sort((a, b) => (a.state === "offline" ? 0 : 1) - (b.state === "offline" ? 0 : 1) || a.host.localeCompare(b.host));
    const sessions = rows.reduce((n, r) => n + (r.fields.active_sessions || 0), 0);
    summary.textContent = t("wifiTotals", { n: rows.length, up: rows.filter((r) => r.state === "online").length,
      down: rows.filter((r) => r.state === "offline").length, sessions });
    replaceIfChanged(body, JSON.stringify(rows), () => rows.length ? rows.map((r) => el("tr", { "data-terminal": r.host, "data-status": r.state },
      el("td", {}, el("a", { href: href.host(r.tenant, r.host), text: r.host })),
      el("td", { text: r.tenant }), el("td", { text: r.group || "—" }),
      el("td", {}, el("span", { class: `badge ${r.state}`, text: t(r.state === "online" ? "inService" : r.state === "offline" ? "outOfService" : "unknown") })),
      el("td", { class: "num", "data-field": "active_sessions", text: number(r.fields.active_sessions, false, 0) }),
      el("td", { class: "num", text: number(r.fields.access_accepts, false, 0) }),
      el("td", { class: "num", text: number(r.fields.access_rejects, false, 0) }),
      el("td", { text: r.fields.last_request_age == null ? "—" : t("ago", { d: duration(r.fields.last_request_age) }) })))
      : el("tr", {}, el("td", { colspan: "8", class: "empty", text: t("noTerminals") })));
    replaceIfChanged(map, JSON.stringify(rows.map((r) => [r.host, r.state, r.fields.latitude, r.fields.longitude])), () => plan(rows));
  };

  const stop = poll("/api/latest?measurement=hotspot_terminal&window=10m", 5000, (data) => { list = terminals(data.series); render(); }, ctx.onError);
  const off = onLive((what) => { if (what === "hosts") render(); });
  return { key: "wifi", cleanup() { stop(); off(); } };
}

/** A plain plan (no map tiles, so it works offline): terminals placed by longitude and latitude, or nothing without coordinates. */
function plan(rows) {
  const placed = rows.filter((r) => r.fields.latitude != null && r.fields.longitude != null);
  if (placed.length === 0) return [];
  const W = 600, H = 360, pad = 30;
  const lats = placed.map((r) => r.fields.latitude), lons = placed.map((r) => r.fields.longitude);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  // Equirectangular, with the longitude shrunk by cos(latitude) so distances look right at the département's scale.
  const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  const spanX = Math.max(1e-4, (maxLon - minLon) * k), spanY = Math.max(1e-4, maxLat - minLat);
  const scale = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", "plan-title");
  const title = document.createElementNS(ns, "title");
  title.id = "plan-title";
  title.textContent = t("planTitle", { n: placed.length });
  svg.append(title);
  for (const r of placed) {
    const x = pad + ((r.fields.longitude - minLon) * k) * scale, y = H - pad - (r.fields.latitude - minLat) * scale;
    const dot = document.createElementNS(ns, "circle");
    dot.setAttribute("cx", x.toFixed(1));
    dot.setAttribute("cy", y.toFixed(1));
    dot.setAttribute("r", "7");
    dot.setAttribute("class", `dot ${r.state}`);
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", (x + 10).toFixed(1));
    label.setAttribute("y", (y + 4).toFixed(1));
    label.textContent = `${r.host} (${t(r.state === "online" ? "inService" : r.state === "offline" ? "outOfService" : "unknown")})`;
    svg.append(dot, label);
  }
  return el("figure", { class: "plan" }, svg, el("figcaption", { text: t("planCaption") }));
}
