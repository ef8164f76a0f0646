// The overview: one tile per tenant (member body) and site with its hosts and SNMP devices up/down and its open
// problems by severity, the worst first; live. A tenant's hosts without a site (and their devices and problems) form the
// tenant's own tile (sites.js says what decides a site).
import { el, t, href, SEVERITIES, severityRank, replaceIfChanged } from "./core.js";
import { live, onLive, useDevices } from "./live.js";
import { siteLookup, NO_SITE } from "./sites.js";

/** Per tenant and site: hosts and devices by state, open problems by severity (unacknowledged ones counted apart). */
export function summarize(hosts, devices, alerts) {
  const tiles = new Map();
  const sites = siteLookup(hosts, devices);
  const get = (name, site) => {
    const key = `${name}\0${site ?? ""}`;
    if (!tiles.has(key)) tiles.set(key, { name, site, hosts: { online: 0, offline: 0, unknown: 0 }, devices: { up: 0, down: 0, unknown: 0 },
      problems: Object.fromEntries(SEVERITIES.map((s) => [s, 0])), unacked: Object.fromEntries(SEVERITIES.map((s) => [s, 0])), open: 0 });
    return tiles.get(key);
  };
  for (const h of hosts || []) get(h.tenant, h.site || null).hosts[h.status in { online: 1, offline: 1 } ? h.status : "unknown"]++;
  for (const d of devices || []) get(d.tenant, sites.device(d)).devices[d.up == null ? "unknown" : d.up ? "up" : "down"]++;
  for (const a of alerts || []) {
    if (a.state === "pending") continue;
    const tile = get(a.tenant, sites.alert(a));
    tile.open++;
    tile.problems[a.severity] = (tile.problems[a.severity] || 0) + 1;
    if (a.state !== "acknowledged") tile.unacked[a.severity] = (tile.unacked[a.severity] || 0) + 1;
  }
  for (const tile of tiles.values()) {
    // Worst: the gravest unacknowledged problem, then anything down, then the gravest acknowledged one.
    const worstUnacked = Math.max(0, ...SEVERITIES.filter((s) => tile.unacked[s] > 0).map(severityRank));
    const worstAny = Math.max(0, ...SEVERITIES.filter((s) => tile.problems[s] > 0).map(severityRank));
    tile.down = tile.hosts.offline + tile.devices.down;
    tile.score = [worstUnacked, tile.down, worstAny, tile.open];
    tile.worst = worstAny ? SEVERITIES[SEVERITIES.length - worstAny] : tile.down ? "down" : "ok";
  }
  return [...tiles.values()].sort((a, b) => {
    for (let i = 0; i < a.score.length; i++) if (a.score[i] !== b.score[i]) return b.score[i] - a.score[i];
    return a.name.localeCompare(b.name) || (a.site ?? "").localeCompare(b.site ?? "");
  });
}

export function overviewView(main, params, ctx) {
  document.title = `${t("overview")} — ${t("brand")}`;
  const totals = el("p", { class: "totals", id: "overview-totals" });
  const grid = el("div", { class: "tiles" });
  main.replaceChildren(el("h1", { text: t("overview") }), totals, grid);
  const stopDevices = useDevices();

  const render = () => {
    if (!live.hosts || !live.alerts) { totals.textContent = t("loading"); return; }
    const tiles = summarize(live.hosts, live.devices, live.alerts);
    const open = live.alerts.filter((a) => a.state !== "pending");
    totals.textContent = t("totals", { hosts: live.hosts.length, down: live.hosts.filter((h) => h.status === "offline").length,
      devices: (live.devices || []).length, problems: open.length, unacked: open.filter((a) => a.state === "firing").length });
    replaceIfChanged(grid, JSON.stringify(tiles), () => tiles.length ? tiles.map(tile) : el("p", { class: "empty", text: t("noHosts") }));
  };

  const tile = (s, i) => {
    const id = `tile-${i}`;
    const problems = SEVERITIES.filter((v) => s.problems[v] > 0);
    const where = { tenant: s.name, site: s.site ?? NO_SITE };
    return el("section", { class: `tile worst-${s.worst}`, "data-tenant": s.name, "data-site": s.site ?? "", "aria-labelledby": id },
      el("h2", { id }, el("a", { href: href.problems(where), text: s.site ? t("tenantSite", { tenant: s.name, site: s.site }) : s.name })),
      el("p", { class: "tile-state", text: s.worst === "ok" ? t("allGood") : s.worst === "down" ? t("somethingDown") : t("worstIs", { severity: t(`sev_${s.worst}`) }) }),
      el("dl", { class: "counts" },
        el("dt", { text: t("hosts") }), el("dd", { "data-count": "hosts" }, count(s.hosts.online, "online"), " ", count(s.hosts.offline, "offline"),
          s.hosts.unknown ? [" ", count(s.hosts.unknown, "unknown")] : null),
        el("dt", { text: t("devices") }), el("dd", { "data-count": "devices" }, count(s.devices.up, "reachable", "online"), " ", count(s.devices.down, "unreachable", "offline"),
          s.devices.unknown ? [" ", count(s.devices.unknown, "unknown")] : null),
        el("dt", { text: t("openProblems") }), el("dd", { "data-count": "problems" }, problems.length
          ? problems.map((v) => el("a", { class: `sev sev-${v}`, href: href.problems({ ...where, severity: v }),
            text: `${s.problems[v]} ${t(`sev_${v}`)}` + (s.unacked[v] < s.problems[v] ? ` (${t("nAcked", { n: s.problems[v] - s.unacked[v] })})` : "") }))
          : t("none"))));
  };
  const count = (n, key, cls = key) => el("span", { class: `pill ${n ? cls : "zero"}`, text: `${n} ${t(key)}` });

  const off = onLive((what) => { if (what !== "connection") render(); });
  render();
  return { key: "overview", cleanup() { off(); stopDevices(); } };
}
