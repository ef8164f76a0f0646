// The Cigale Wi-Fi network: every terminal the hotspot controller reports (`hotspot_terminal`, see the README's
// "Hotspot telemetry"), with its state, open sessions, RADIUS accepts/rejects since the controller started and its
// traffic (from accounting); a map of the terminals from their coordinates (wifi-map.js); and, for the
// data-protection officer only, the session search (wifi-sessions.js).
import { el, t, number, href, duration, replaceIfChanged, can, POLICY } from "./core.js";
import { api, poll } from "./api.js";
import { live, onLive } from "./live.js";
import { terminalMap } from "./wifi-map.js";
import { sessionSearch } from "./wifi-sessions.js";

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

/** A rate in octets per second as bits per second: "1,2 Mbit/s"; null gives an em dash. */
export function bitRate(octetsPerSecond) {
  if (octetsPerSecond == null) return "—";
  const units = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s"];
  let i = 0, v = octetsPerSecond * 8;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${number(v, false, i === 0 ? 0 : 1)} ${units[i]}`;
}

const stateOf = (term) => {
  if (term.fields.up != null) return term.fields.up >= 1 ? "online" : "offline";
  const h = live.hosts?.find((x) => x.tenant === term.tenant && x.host === term.host);
  return h ? h.status : "unknown";
};

export function wifiView(main, params, ctx) {
  document.title = `${t("wifi")} — ${t("brand")}`;
  const summary = el("p", { class: "totals", id: "wifi-totals", text: t("loading") });
  const body = el("tbody");
  const mapSlot = el("div", { class: "map-slot" });
  const searchSlot = el("div");
  main.replaceChildren(
    el("h1", { id: "wifi-title", text: t("wifiTitle") }), summary,
    el("div", { class: "scroll" }, el("table", { class: "grid terminals", "aria-labelledby": "wifi-title" },
      el("thead", {}, el("tr", {}, ["terminal", "tenant", "group", "status", "activeSessions", "acceptsCol", "rejectsCol", "trafficDown", "trafficUp", "lastRequest"]
        .map((k) => el("th", { scope: "col", text: t(k) })))),
      body)),
    mapSlot, searchSlot);
  let list = null, map = null, stopped = false;

  const render = () => {
    if (!list) return;
    const rows = list.map((term) => ({ ...term, state: stateOf(term) }))
      .sort((a, b) => (a.state === "offline" ? 0 : 1) - (b.state === "offline" ? 0 : 1) || a.host.localeCompare(b.host));
    const sum = (f) => rows.reduce((n, r) => n + (r.fields[f] || 0), 0);
    summary.textContent = t("wifiTotals", { n: rows.length, up: rows.filter((r) => r.state === "online").length,
      down: rows.filter((r) => r.state === "offline").length, sessions: sum("active_sessions") })
      + " " + t("trafficTotal", { down: bitRate(sum("output_octets_per_second")), up: bitRate(sum("input_octets_per_second")) });
    replaceIfChanged(body, JSON.stringify(rows), () => rows.length ? rows.map((r) => el("tr", { "data-terminal": r.host, "data-status": r.state },
      el("td", {}, el("a", { href: href.host(r.tenant, r.host), text: r.host })),
      el("td", { text: r.tenant }), el("td", { text: r.group || "—" }),
      el("td", {}, el("span", { class: `badge ${r.state}`, text: t(r.state === "online" ? "inService" : r.state === "offline" ? "outOfService" : "unknown") })),
      el("td", { class: "num", "data-field": "active_sessions", text: number(r.fields.active_sessions, false, 0) }),
      el("td", { class: "num", text: number(r.fields.access_accepts, false, 0) }),
      el("td", { class: "num", text: number(r.fields.access_rejects, false, 0) }),
      el("td", { class: "num", "data-field": "traffic_down", text: bitRate(r.fields.output_octets_per_second) }),
      el("td", { class: "num", "data-field": "traffic_up", text: bitRate(r.fields.input_octets_per_second) }),
      el("td", { text: r.fields.last_request_age == null ? "—" : t("ago", { d: duration(r.fields.last_request_age) }) })))
      : el("tr", {}, el("td", { colspan: "10", class: "empty", text: t("noTerminals") })));
    map?.update(rows);
  };

  // The map's settings first (tiles or not), then the map itself, lazily: the table never waits for Leaflet.
  api("/api/wifi/map").then((settings) => {
    if (stopped) return;
    map = terminalMap(settings, ctx.onError);
    mapSlot.replaceChildren(el("h2", { id: "map-title", text: t("mapTitle") }), map.node);
    render();
  }, ctx.onError);

  const stop = poll("/api/latest?measurement=hotspot_terminal&window=10m", 5000, (data) => { list = terminals(data.series); render(); }, ctx.onError);
  const off = onLive((what) => { if (what === "hosts") render(); });
  return {
    key: "wifi",
    cleanup() { stopped = true; stop(); off(); map?.destroy(); },
    // The role is known: only the data-protection officer gets the search form; the collector refuses the others anyway.
    session() {
      if (can(POLICY.connectionLog) && !searchSlot.firstChild) searchSlot.replaceChildren(sessionSearch(() => (list || []).map((r) => r.host).sort()));
    },
  };
}
