// The hosts list (agents, Wi-Fi terminals, the controller…) and the SNMP devices their agents poll.
import { el, t, href, ago, dateTime } from "./core.js";
import { live, onLive, useDevices } from "./live.js";

/** Rows drawn before the first paint: more than a tall screen shows (about 25 at 900 px). */
const FIRST_SCREEN_ROWS = 60;

export function hostsView(main, params, ctx) {
  document.title = `${t("hosts")} — ${t("brand")}`;
  const body = el("tbody");
  const deviceBody = el("tbody");
  const filter = el("input", { id: "hosts-filter", type: "search", autocomplete: "off", oninput: () => render() });
  main.replaceChildren(
    el("h1", { id: "hosts-title", text: t("hosts") }),
    el("div", { class: "filters" }, el("div", {}, el("label", { for: "hosts-filter", text: t("filterHosts") }), filter)),
    el("div", { class: "scroll" }, el("table", { class: "hosts grid", "aria-labelledby": "hosts-title" },
      el("thead", {}, el("tr", {},
        el("th", { scope: "col", text: t("tenant") }), el("th", { scope: "col", text: t("host") }),
        el("th", { scope: "col", text: t("status") }), el("th", { scope: "col", text: t("lastSeen") }))),
      body)),
    el("h2", { id: "devices-title", text: t("devices") }),
    el("div", { class: "scroll" }, el("table", { class: "grid devices", "aria-labelledby": "devices-title" },
      el("thead", {}, el("tr", {}, ["tenant", "device", "polledBy", "status", "lastPoll"].map((k) => el("th", { scope: "col", text: t(k) })))),
      deviceBody)));

  const matches = (...names) => {
    const q = filter.value.trim().toLowerCase();
    return !q || names.some((n) => n.toLowerCase().includes(q));
  };

  // The first render draws a screenful of rows, and the others in the next task, after that screen is painted: 500 rows
  // at once would hold the first paint back by their style and layout.
  let firstScreen = true;

  // Rows are updated in place, keyed by tenant and host: rebuilding them every second would take the keyboard
  // focus (and a screen reader's position) away from a host link.
  function render() {
    if (!live.hosts) return;
    let hosts = live.hosts.filter((h) => matches(h.tenant, h.host));
    if (firstScreen) {
      firstScreen = false;
      if (hosts.length > FIRST_SCREEN_ROWS) {
        hosts = hosts.slice(0, FIRST_SCREEN_ROWS);
        requestAnimationFrame(() => setTimeout(render));
      }
    }
    if (live.hosts.length === 0) {
      body.replaceChildren(el("tr", {}, el("td", { colspan: "4", class: "empty", text: t("noHosts") })));
    } else {
      const old = new Map([...body.querySelectorAll("tr[data-host]")].map((tr) => [tr.dataset.tenant + "\n" + tr.dataset.host, tr]));
      const rows = hosts.map((h) => {
        const row = old.get(h.tenant + "\n" + h.host) || hostRow(h);
        row.dataset.status = h.status;
        const badge = row.querySelector(".badge");
        badge.className = `badge ${h.status}`;
        badge.textContent = t(h.status);
        const seen = row.querySelector("time");
        seen.setAttribute("datetime", h.lastSeen);
        seen.textContent = ago(h.lastSeen);
        return row;
      });
      rows.forEach((row, i) => { if (body.children[i] !== row) body.insertBefore(row, body.children[i] || null); });
      while (body.children.length > rows.length) body.lastElementChild.remove();
    }
    const devices = (live.devices || []).filter((d) => matches(d.tenant, d.device, d.agent))
      .sort((a, b) => a.tenant.localeCompare(b.tenant) || a.device.localeCompare(b.device));
    const key = JSON.stringify(devices) + Math.floor(Date.now() / 10_000);
    if (deviceBody.dataset.key !== key) {
      deviceBody.dataset.key = key;
      deviceBody.replaceChildren(...(devices.length ? devices.map((d) => el("tr", { "data-device": d.device, "data-tenant": d.tenant },
        el("td", { text: d.tenant }),
        el("td", {}, el("a", { href: href.device(d.tenant, d.agent, d.device), text: d.device })),
        el("td", {}, el("a", { href: href.host(d.tenant, d.agent), text: d.agent })),
        el("td", {}, el("span", { class: `badge ${d.up == null ? "unknown" : d.up ? "online" : "offline"}`, text: t(d.up == null ? "unknown" : d.up ? "reachable" : "unreachable") })),
        el("td", {}, d.at ? el("time", { datetime: d.at, title: dateTime(d.at), text: ago(d.at) }) : "—")))
        : [el("tr", {}, el("td", { colspan: "5", class: "empty", text: live.devices ? t("noDevices") : t("loading") }))]));
    }
  }

  function hostRow(h) {
    return el("tr", { "data-host": h.host, "data-tenant": h.tenant },
      el("td", { text: h.tenant }),
      el("td", {}, el("a", { href: href.host(h.tenant, h.host), text: h.host })),
      el("td", {}, el("span", { class: "badge" })),
      el("td", {}, el("time", {})));
  }

  const stopDevices = useDevices();
  const off = onLive((what) => { if (what !== "connection") render(); });
  const ticker = setInterval(render, 1000);
  render();
  return { key: "hosts", cleanup() { off(); stopDevices(); clearInterval(ticker); } };
}
