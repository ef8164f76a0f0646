// The host page: inventory, key figures and current values, charts over a chosen range (zoom, pan), the SNMP
// devices this host polls, its dependencies (dependencies.js) and the host's alert history.
import { el, t, number, href, ago, dateTime, labelled } from "./core.js";
import { api } from "./api.js";
import { live, onLive, useDevices } from "./live.js";
import { ChartPanel, rangeControls, resolveRange, rangeText, queryMany, stepFor } from "./charts.js";
import { facts, section, every, latestValues, pick, keyFigures, percent, seconds, alertHistory } from "./parts.js";
import { dependenciesBlock } from "./dependencies.js";

/** Charts of a host, each shown when the host has its measurement. */
const HOST_CHARTS = [
  { id: "cpu", title: "cpu", yMax: 100, queries: [
    { measurement: "cpu", field: "usage_user", tags: { cpu: "cpu-total" }, label: "user" },
    { measurement: "cpu", field: "usage_system", tags: { cpu: "cpu-total" }, label: "system" },
    { measurement: "cpu", field: "usage_iowait", tags: { cpu: "cpu-total" }, label: "iowait" }] },
  { id: "mem", title: "mem", yMax: 100, queries: [{ measurement: "mem", field: "used_percent", label: "used" }] },
  { id: "disk", title: "disk", yMax: 100, queries: [{ measurement: "disk", field: "used_percent", labelTag: "path" }] },
  { id: "net", title: "net", compact: true, queries: [
    { measurement: "net", field: "bytes_recv", agg: "rate", labelTag: "interface", label: "recv" },
    { measurement: "net", field: "bytes_sent", agg: "rate", labelTag: "interface", label: "sent" }] },
  { id: "load", title: "load", queries: [
    { measurement: "system", field: "load1", label: "load1" }, { measurement: "system", field: "load5", label: "load5" },
    { measurement: "system", field: "load15", label: "load15" }] },
  { id: "sessions", title: "activeSessions", queries: [{ measurement: "hotspot_terminal", field: "active_sessions", label: "sessions", agg: "max" }] },
  { id: "radius", title: "radiusPerMinute", queries: [
    { measurement: "hotspot_terminal", field: "access_accepts", agg: "rate", scale: 60, label: "accepts" },
    { measurement: "hotspot_terminal", field: "access_rejects", agg: "rate", scale: 60, label: "rejects" }] },
];

/**
 * Reads and draws the panels' queries over the range (a panel whose `removed` is set is skipped); the refresh period
 * follows the step. Returns {restart(), stop()}.
 */
export function chartRefresher(panels, filters, getRange, onError) {
  let controller = null;
  const refresh = async () => {
    controller?.abort();
    controller = new AbortController();
    const { from, to } = resolveRange(getRange());
    // A panel taken away (the host has not its measurement) is no longer asked for.
    const shown = panels.filter((p) => !p.removed);
    const step = stepFor(from, to, shown[0]?.width() || 600);
    await Promise.all(shown.map(async (panel) => {
      // A panel's queries of one measurement in one request (the CPU and load panels have three fields each).
      const answers = await queryMany(panel.spec.queries, filters, from, to, step, controller.signal);
      if (panel.removed) return;
      const lines = [];
      panel.spec.queries.forEach((q, i) => {
        for (const s of answers[i]) {
          const parts = [q.labelTag ? s.tags[q.labelTag] : null, q.label ? t(q.label) : null].filter(Boolean);
          lines.push({ label: parts.join(" ") || q.field, times: s.times, values: s.values });
        }
      });
      panel.draw(lines, from, to);
    }));
    return step;
  };
  let stop = () => {};
  const start = () => {
    stop();
    let step = 1;
    stop = every(() => (resolveRange(getRange()).live ? Math.min(30_000, Math.max(1000, step * 1000)) : 3_600_000),
      async () => { step = await refresh(); }, onError);
  };
  start();
  return { restart: start, stop: () => { stop(); controller?.abort(); } };
}

/** Puts the range in the URL (a new history entry) and redraws; focus goes back to the control that was used. */
export function rangeHandler(prefix, ctx) {
  return (range, focus) => ctx.navigate(`${prefix}/${rangeText(range)}`, focus);
}

export function hostView(main, params, ctx) {
  const { tenant, host } = params;
  let range = params.range;
  document.title = `${host} — ${t("brand")}`;
  const badge = el("span", { class: "badge unknown", id: "host-status", text: t("unknown") });
  const dl = el("dl", { class: "facts" });
  const kpis = el("div", { class: "kpis" });
  const grid = el("div", { class: "charts" });
  const devices = el("ul", { class: "links" });
  const devicesBlock = section("devices", "polledDevices", devices);
  devicesBlock.hidden = true;
  const bar = el("div");
  const prefix = href.host(tenant, host);
  const onRange = rangeHandler(prefix, ctx);
  let latest = [];
  const fixed = (v, digits) => (v == null ? null : number(v, false, digits));
  const renderKpis = () => {
    const idle = pick(latest, "cpu", "usage_idle", { cpu: "cpu-total" });
    const disks = latest.filter((s) => s.measurement === "disk" && s.field === "used_percent" && s.value != null).map((s) => s.value);
    keyFigures(kpis, [
      ["cpuUsed", percent(idle == null ? null : 100 - idle)],
      ["memUsed", percent(pick(latest, "mem", "used_percent"))],
      ["load1", fixed(pick(latest, "system", "load1"), 2)],
      ["diskMax", percent(disks.length ? Math.max(...disks) : null)],
      ["uptime", seconds(pick(latest, "system", "uptime"))],
      ["activeSessions", fixed(pick(latest, "hotspot_terminal", "active_sessions"), 0)],
    ]);
  };
  const current = latestValues({ tenant, host }, (series) => { latest = series; renderKpis(); renderFacts(); }, ctx.onError);
  const history = alertHistory([{ tenant, host }]);
  const dependencies = dependenciesBlock(tenant, host, ctx.onError);

  main.replaceChildren(
    el("p", { class: "crumbs" }, el("a", { href: "#/hosts", text: t("back") })),
    el("h1", {}, `${host} `, badge),
    el("p", { class: "sub", text: labelled(t("tenant"), tenant) }),
    section("inventory", "inventory", dl),
    section("current", "currentValues", kpis, current.node),
    el("section", { class: "block", "aria-labelledby": "charts-title" },
      el("h2", { id: "charts-title", text: t("charts") }), bar, grid),
    devicesBlock,
    dependencies.node,
    history.node);

  function renderFacts() {
    const me = live.hosts?.find((h) => h.host === host && h.tenant === tenant);
    if (live.hosts && !me) {
      // A link to a host the collector has never heard of (typo, old bookmark): say so instead of empty charts.
      dl.replaceChildren(el("p", { class: "error", role: "alert", text: t("hostNotFound") }));
      return;
    }
    if (!me) return;
    badge.className = `badge ${me.status}`;
    badge.textContent = t(me.status);
    const inv = me.inventory || {};
    facts(dl, [["status", t(me.status)], ["site", me.site], ["lastSeen", ago(me.lastSeen)],
      ["os", [inv.os, inv.osVersion].filter(Boolean).join(" — ")], ["kernel", inv.kernel], ["agent", inv.agentVersion],
      ["addresses", (inv.ipAddresses || []).join(", ")],
      ["uptime", seconds(pick(latest, "system", "uptime"))],
      ["agentStarted", inv.startedAt ? dateTime(inv.startedAt) : null],
      ["malformed", String(me.malformedLines)]]);
  }

  // Which charts: a server's usual four (cpu, mem, disk, net) drawn at once, their queries sent beside the host's series
  // list instead of after it; when the list is in, the charts of measurements the host has not are taken away and those
  // of the others it has (load, Wi-Fi sessions, RADIUS) added after them. Which SNMP devices: from the series too.
  const stopDevices = useDevices();
  const panelOf = (spec) => new ChartPanel(spec, (from, to) => onRange({ from, to }, null), "h3");
  let panels = HOST_CHARTS.slice(0, 4).map(panelOf), refreshers = [];
  grid.replaceChildren(...panels.map((p) => p.box));
  bar.replaceChildren(rangeControls(range, onRange));
  refreshers.push(chartRefresher(panels, { tenant, host }, () => range, ctx.onError));
  let left = false;
  const build = (series) => {
    // The list answered after the technician left the page: start nothing that cleanup() could no longer stop.
    if (left) return;
    const measurements = new Set(series.map((s) => s.measurement));
    const wanted = series.length ? HOST_CHARTS.filter((c) => c.queries.some((q) => measurements.has(q.measurement))) : HOST_CHARTS.slice(0, 4);
    for (const panel of panels.filter((p) => !wanted.includes(p.spec))) {
      panel.removed = true;
      panel.destroy();
      panel.box.remove();
    }
    const added = wanted.filter((spec) => !panels.some((p) => p.spec === spec)).map(panelOf);
    panels = [...panels.filter((p) => !p.removed), ...added];
    if (added.length) {
      grid.append(...added.map((p) => p.box));
      refreshers.push(chartRefresher(added, { tenant, host }, () => range, ctx.onError));
    }
    const names = [...new Set(series.filter((s) => s.tags.device).map((s) => s.tags.device))].sort();
    devicesBlock.hidden = names.length === 0;
    renderDevices(names);
  };
  const renderDevices = (names) => {
    if (!names) return;
    devices.replaceChildren(...names.map((d) => {
      const state = live.devices?.find((x) => x.tenant === tenant && x.agent === host && x.device === d);
      const up = state ? state.up : null;
      return el("li", {}, el("a", { href: href.device(tenant, host, d), text: d }), " ",
        el("span", { class: `badge ${up == null ? "unknown" : up ? "online" : "offline"}`, text: t(up == null ? "unknown" : up ? "reachable" : "unreachable") }));
    }));
  };
  let deviceNames = null;
  api(`/api/series?${new URLSearchParams({ host, tenant })}`)
    .then((series) => { deviceNames = [...new Set(series.filter((s) => s.tags.device).map((s) => s.tags.device))].sort(); build(series); })
    .catch((e) => { ctx.onError(e); build([]); });

  renderFacts();
  let historyTimer = null;
  const off = onLive((what) => {
    if (what === "hosts") renderFacts();
    if (what === "hosts" || what === "alerts") dependencies.render();
    if (what === "devices") renderDevices(deviceNames);
    if (what === "alerts" && !historyTimer) historyTimer = setTimeout(() => { historyTimer = null; history.followLive().catch(ctx.onError); }, 300);
  });
  history.refresh().catch(ctx.onError);
  const ticker = setInterval(renderFacts, 1000);

  return {
    key: `host|${tenant}|${host}`,
    update(next) {
      range = next.range;
      bar.replaceChildren(rangeControls(range, onRange));
      for (const r of refreshers) r.stop();
      refreshers = [chartRefresher(panels, { tenant, host }, () => range, ctx.onError)];
    },
    cleanup() {
      left = true;
      off();
      clearInterval(ticker);
      clearTimeout(historyTimer);
      current.stop();
      stopDevices();
      for (const r of refreshers) r.stop();
      for (const p of panels) p.destroy();
    },
  };
}
