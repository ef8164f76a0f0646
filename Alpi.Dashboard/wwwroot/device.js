// The SNMP device page: what its polling agent reports (reachability, poll time, uptime), the site it counts on, current
// values, and for every interface (IF-MIB ifTable/ifXTable, RFC 2863) traffic in/out, errors in/out and operational status.
import { el, t, number, href, dateTime, labelled } from "./core.js";
import { live, onLive, useDevices } from "./live.js";
import { ChartPanel, rangeControls, resolveRange, queryMany, stepFor } from "./charts.js";
import { facts, section, every, latestValues, pick, seconds, alertHistory } from "./parts.js";
import { rangeHandler } from "./host.js";
import { siteLookup } from "./sites.js";

/**
 * Interface queries: for all interfaces of the device, one /api/query for the four rates (averaged) and one for the
 * status (last value), beside the poll time's (queryMany). The agent computes the rates
 * between two polls (`*_bits_per_second`, `*_rate`), so a step shorter than the poll interval loses nothing: lines
 * join across the empty steps.
 */
const IF_QUERIES = {
  in: { measurement: "snmp_interface", field: "in_bits_per_second", agg: "avg" },
  out: { measurement: "snmp_interface", field: "out_bits_per_second", agg: "avg" },
  inErrors: { measurement: "snmp_interface", field: "in_errors_rate", agg: "avg" },
  outErrors: { measurement: "snmp_interface", field: "out_errors_rate", agg: "avg" },
  status: { measurement: "snmp_interface", field: "oper_status", agg: "last" },
};

/** The interface's name: ifName, else ifDescr, else ifAlias. */
const ifName = (tags) => tags.ifName || tags.ifDescr || tags.ifAlias || tags.index || "?";

export function deviceView(main, params, ctx) {
  const { tenant, agent, device } = params;
  let range = params.range;
  document.title = `${device} — ${t("brand")}`;
  const badge = el("span", { class: "badge unknown", text: t("unknown") });
  const dl = el("dl", { class: "facts" });
  const bar = el("div");
  const list = el("div", { class: "interfaces" });
  const pollChart = new ChartPanel({ id: "poll", title: "pollDuration", compact: true, height: 140, spanGaps: true }, (from, to) => onRange({ from, to }, null), "h3");
  const onRange = rangeHandler(href.device(tenant, agent, device), ctx);
  let latest = [];
  const current = latestValues({ tenant, host: agent, tags: { device } }, (series) => { latest = series; renderFacts(); }, ctx.onError);
  // Traps name the device as the alert's host; threshold rules on SNMP metrics name the polling agent, with the device in the instance.
  const history = alertHistory([{ tenant, host: device }, { tenant, host: agent }],
    (a) => a.host === device || (a.instance || "").split(/[,\s]+/).includes(`device=${device}`));
  const stopDevices = useDevices();

  main.replaceChildren(
    el("p", { class: "crumbs" }, el("a", { href: "#/hosts", text: t("back") })),
    el("h1", {}, `${device} `, badge),
    el("p", { class: "sub", text: labelled(t("tenant"), tenant) }),
    section("inventory", "inventory", dl),
    section("current", "currentValues", current.node),
    el("section", { class: "block", "aria-labelledby": "charts-title" },
      el("h2", { id: "charts-title", text: t("charts") }), bar, el("div", { class: "charts" }, pollChart.box)),
    el("section", { class: "block", "aria-labelledby": "interfaces-title" },
      el("h2", { id: "interfaces-title", text: t("interfaces") }), list),
    history.node);
  bar.replaceChildren(rangeControls(range, onRange));

  function renderFacts() {
    const state = live.devices?.find((d) => d.tenant === tenant && d.agent === agent && d.device === device);
    const up = state ? state.up : null;
    badge.className = `badge ${up == null ? "unknown" : up ? "online" : "offline"}`;
    badge.textContent = t(up == null ? "unknown" : up ? "reachable" : "unreachable");
    const duration = pick(latest, "snmp_poll", "duration_ms");
    // Its own site (Agent:Snmp:Devices:N:Site), else its polling agent's: the overview tile it counts on.
    const site = siteLookup(live.hosts, live.devices).device(state || { tenant, agent, device, site: null });
    facts(dl, [["status", badge.textContent],
      ["polledBy", el("a", { href: href.host(tenant, agent), text: agent })],
      ["site", site],
      ["lastPoll", state?.at ? dateTime(state.at) : null],
      ["pollTime", duration == null ? null : `${number(duration)} ms`],
      ["uptime", seconds(pick(latest, "snmp_system", "uptime"))],
      ["interfaceCount", String(new Set(latest.filter((s) => s.measurement === "snmp_interface").map((s) => ifName(s.tags))).size)]]);
  }

  // One card per interface, kept across refreshes (keyed by name) so that focus and charts stay.
  const cards = new Map();
  const card = (name, n) => {
    if (cards.has(name)) return cards.get(name);
    const zoom = (from, to) => onRange({ from, to }, null);
    const id = `if-${n}`;
    const status = el("span", { class: "badge unknown", text: t("unknown") });
    const traffic = new ChartPanel({ id: `${id}-traffic`, titleText: t("ifTraffic"), context: name, compact: true, height: 180, spanGaps: true }, zoom, "h4");
    const errors = new ChartPanel({ id: `${id}-errors`, titleText: t("ifErrors"), context: name, height: 120, spanGaps: true }, zoom, "h4");
    const statusText = (v) => (v == null ? "—" : t(v >= 1 ? "ifUp" : "ifDown"));
    const oper = new ChartPanel({ id: `${id}-status`, titleText: t("ifStatus"), context: name, height: 100, stepped: true, spanGaps: true, yMax: 1,
      ySplits: [0, 1], valueText: statusText }, zoom, "h4");
    const node = el("section", { class: "interface", "data-interface": name, "aria-labelledby": `${id}-title` },
      el("h3", { id: `${id}-title` }, `${name} `, status), el("div", { class: "charts" }, traffic.box, errors.box, oper.box));
    const entry = { node, status, traffic, errors, oper };
    cards.set(name, entry);
    return entry;
  };

  let controller = null;
  const refresh = async () => {
    controller?.abort();
    controller = new AbortController();
    const { from, to } = resolveRange(range);
    const step = stepFor(from, to, pollChart.width());
    const filters = { tenant, host: agent, tags: { device } };
    const [poll, ...ifs] = await queryMany([{ measurement: "snmp_poll", field: "duration_ms", agg: "avg" }, ...Object.values(IF_QUERIES)],
      filters, from, to, step, controller.signal);
    pollChart.draw(poll.map((s) => ({ label: t("pollTime"), times: s.times, values: s.values })), from, to);
    const byName = new Map();
    Object.keys(IF_QUERIES).forEach((key, i) => {
      for (const s of ifs[i]) {
        const name = ifName(s.tags);
        if (!byName.has(name)) byName.set(name, {});
        byName.get(name)[key] = s;
      }
    });
    const names = [...byName.keys()].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    if (names.length === 0) list.replaceChildren(el("p", { class: "empty", text: t("noInterfaces") }));
    const line = (s, label, map) => (s ? [{ label: t(label), times: s.times, values: map ? s.values.map(map) : s.values }] : []);
    const nodes = names.map((name, n) => {
      const c = card(name, n), d = byName.get(name);
      c.traffic.draw([...line(d.in, "in"), ...line(d.out, "out")], from, to);
      c.errors.draw([...line(d.inErrors, "in"), ...line(d.outErrors, "out")], from, to);
      // ifOperStatus: 1 up; anything else (down, testing, dormant, notPresent…) is drawn as 0.
      c.oper.draw(line(d.status, "ifOper", (v) => (v === 1 ? 1 : 0)), from, to);
      const last = d.status ? d.status.values[d.status.values.length - 1] : null;
      c.status.className = `badge ${last == null ? "unknown" : last === 1 ? "online" : "offline"}`;
      c.status.textContent = last == null ? t("unknown") : t(last === 1 ? "ifUp" : "ifDown");
      return c.node;
    });
    if (names.length) nodes.forEach((node, i) => { if (list.children[i] !== node) list.insertBefore(node, list.children[i] || null); });
    return step;
  };
  let step = 1;
  let stop = () => {};
  const start = () => {
    stop();
    stop = every(() => (resolveRange(range).live ? Math.min(30_000, Math.max(2000, step * 1000)) : 3_600_000),
      async () => { step = await refresh(); }, ctx.onError);
  };
  start();
  renderFacts();
  const off = onLive((what) => {
    if (what === "devices") renderFacts();
    if (what === "alerts") history.followLive().catch(ctx.onError);
  });
  history.refresh().catch(ctx.onError);

  return {
    key: `device|${tenant}|${agent}|${device}`,
    update(next) {
      range = next.range;
      bar.replaceChildren(rangeControls(range, onRange));
      start();
    },
    cleanup() {
      off();
      stop();
      controller?.abort();
      current.stop();
      stopDevices();
      pollChart.destroy();
      for (const c of cards.values()) { c.traffic.destroy(); c.errors.destroy(); c.oper.destroy(); }
    },
  };
}
