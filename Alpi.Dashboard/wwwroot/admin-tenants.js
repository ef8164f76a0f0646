// Administration: the tenants (member bodies) seen, from the hosts inventory (live /api/live), with their hosts, SNMP
// devices and Cigale terminals. A tenant is not created here: it appears when an agent publishes under
// alpi/<tenant>/<host>/…, and a terminal's tenant is set on its NAS client.
import { el, t, href, replaceIfChanged } from "./core.js";
import { api, ApiError } from "./api.js";
import { live, onLive, useDevices } from "./live.js";
import { table } from "./admin-parts.js";

export function tenantsSection(node, ctx) {
  const body = el("tbody");
  const count = el("p", { class: "count-line", id: "tenants-count" });
  node.replaceChildren(
    el("h2", { id: "tenants-title", text: t("admin_tenants") }),
    el("p", { class: "hint", text: t("tenantsIntro") }),
    count,
    table("tenants", "tenants-title", ["tenant", "hosts", "devices", "terminals", "openProblems"], body));

  let nas = null;
  function render() {
    if (!live.hosts) { count.textContent = t("loading"); return; }
    const tenants = new Map();
    const entry = (name) => {
      if (!tenants.has(name)) tenants.set(name, { hosts: 0, online: 0, devices: 0, terminals: 0, problems: 0 });
      return tenants.get(name);
    };
    for (const h of live.hosts) { const e = entry(h.tenant); e.hosts++; if (h.status === "online") e.online++; }
    for (const d of live.devices || []) entry(d.tenant).devices++;
    for (const n of nas || []) entry(n.tenant).terminals++;
    for (const a of live.alerts || []) entry(a.tenant).problems++;
    const rows = [...tenants.entries()].sort(([a], [b]) => a.localeCompare(b));
    count.textContent = t("tenantsCount", { n: rows.length });
    replaceIfChanged(body, JSON.stringify(rows), () => rows.length ? rows.map(([name, e]) => el("tr", { "data-tenant": name },
      el("td", { "data-label": t("tenant") }, el("strong", { text: name })),
      el("td", { "data-label": t("hosts"), text: t("hostsOnline", { online: e.online, total: e.hosts }) }),
      el("td", { "data-label": t("devices"), class: "num", text: String(e.devices) }),
      el("td", { "data-label": t("terminals"), class: "num", text: nas ? String(e.terminals) : "—" }),
      el("td", { "data-label": t("openProblems") }, e.problems
        ? el("a", { href: href.problems({ tenant: name }), text: String(e.problems) }) : el("span", { text: "0" }))))
      : el("tr", {}, el("td", { colspan: "5", class: "empty", text: t("noHosts") })));
  }

  // Terminals per tenant when the hotspot controller runs in the collector (its absence is no error here).
  api("/api/admin/nas").then((list) => { nas = list; render(); })
    .catch((e) => { if (!(e instanceof ApiError && e.status === 404)) ctx.onError(e); });
  const release = useDevices();
  const off = onLive((what) => { if (what === "hosts" || what === "devices" || what === "alerts") render(); });
  render();
  return { cleanup() { release(); off(); } };
}
