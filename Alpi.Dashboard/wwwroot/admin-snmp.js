// Administration: SNMP devices and credentials, read only. The collector's local agent polls the devices of its
// configuration (GET /api/admin/snmp, which names the file or source of each); other agents poll those of their own
// agent.json, seen here from their snmp_poll series. Secrets (communities, v3 pass phrases) are never sent to the page:
// only whether one is set.
import { el, t, dateTime, duration, href, replaceIfChanged } from "./core.js";
import { api } from "./api.js";
import { live, onLive, useDevices } from "./live.js";
import { table } from "./admin-parts.js";

export function snmpSection(node, ctx) {
  const local = el("div");
  const localBody = el("tbody");
  const othersBody = el("tbody");
  const traps = el("div");
  const usersBody = el("tbody");
  node.replaceChildren(
    el("h2", { id: "snmp-title", text: t("admin_snmp") }),
    el("p", { class: "hint", text: t("snmpIntro") }),
    el("h3", { id: "snmp-local-title", text: t("snmpLocal") }), local,
    table("snmp-devices", "snmp-local-title", ["device", "address", "snmpVersion", "credentials", "profile", "interval", "configuredIn"], localBody),
    el("h3", { id: "snmp-others-title", text: t("snmpOthers") }),
    el("p", { class: "hint", text: t("snmpOthersHint") }),
    table("snmp-others", "snmp-others-title", ["tenant", "device", "polledBy", "status", "lastPoll"], othersBody),
    el("h3", { id: "traps-title", text: t("trapReceiver") }), traps,
    table("trap-users", "traps-title", ["snmpUser", "engineId", "credentials"], usersBody));

  let agent = null;
  async function load() {
    const c = await api("/api/admin/snmp");
    agent = c.localAgent;
    const sources = [...new Set(c.devices.map((d) => d.source).filter(Boolean))];
    replaceIfChanged(local, JSON.stringify([c.localAgent, sources]), () => [
      el("p", {}, c.localAgent.enabled ? t("localAgentIs", { tenant: c.localAgent.tenant, host: c.localAgent.host }) : t("localAgentOff")),
      el("p", { class: "hint" }, t("readOnlyConfigured"), " ", sources.length ? sources.map((s, i) => [i ? ", " : "", el("code", { text: s })]).flat()
        : el("code", { text: "collector.json" }), ` (Agent:Snmp:Devices). ${t("secretsNeverShown")}`),
    ]);
    replaceIfChanged(localBody, JSON.stringify(c.devices), () => c.devices.length ? c.devices.map((d) => el("tr", { "data-device": d.name },
      el("td", { "data-label": t("device") }, el("strong", { text: d.name })),
      el("td", { "data-label": t("address"), text: d.address }),
      el("td", { "data-label": t("snmpVersion"), text: `v${d.version}` }),
      el("td", { "data-label": t("credentials"), text: credentials(d) }),
      el("td", { "data-label": t("profile"), text: d.profile || t("bySysObjectId") }),
      el("td", { "data-label": t("interval"), text: duration(d.intervalSeconds) }),
      el("td", { "data-label": t("configuredIn") }, el("code", { text: `${d.source ?? "?"} — ${d.key}` }))))
      : el("tr", {}, el("td", { colspan: "7", class: "empty", text: t("noLocalDevices") })));
    const tr = c.traps;
    replaceIfChanged(traps, JSON.stringify(tr), () => [
      el("p", {}, tr.enabled ? t("trapsOn", { port: tr.port }) : t("trapsOff"), " ",
        tr.communities ? t("trapCommunities", { n: tr.communities }) : t("trapAnyCommunity"), " ",
        tr.source ? t("configuredInFile", { file: tr.source }) : ""),
      tr.sources.length ? el("p", {}, t("trapSources"), " ", tr.sources.map((s) => `${s.cidr} → ${s.tenant}${s.device ? "/" + s.device : ""}`).join(", ")) : null,
    ].filter(Boolean));
    replaceIfChanged(usersBody, JSON.stringify(tr.users), () => tr.users.length ? tr.users.map((u) => el("tr", {},
      el("td", { "data-label": t("snmpUser"), text: u.userName }), el("td", { "data-label": t("engineId"), text: u.engineId || t("anyEngine") }),
      el("td", { "data-label": t("credentials"), text: [u.authProtocol, u.privProtocol].join(" / ") + (u.authPasswordSet || u.privPasswordSet ? ` — ${t("secretsSet")}` : "") })))
      : el("tr", {}, el("td", { colspan: "3", class: "empty", text: t("noTrapUsers") })));
    renderOthers();
  }

  function renderOthers() {
    const devices = (live.devices || []).filter((d) => !agent || !(d.tenant === agent.tenant && d.agent === agent.host));
    replaceIfChanged(othersBody, JSON.stringify(devices), () => devices.length ? devices.map((d) => el("tr", {},
      el("td", { "data-label": t("tenant"), text: d.tenant }),
      el("td", { "data-label": t("device") }, el("a", { href: href.device(d.tenant, d.agent, d.device), text: d.device })),
      el("td", { "data-label": t("polledBy"), text: d.agent }),
      el("td", { "data-label": t("status") }, el("span", { class: `badge ${d.up == null ? "unknown" : d.up ? "online" : "offline"}`,
        text: t(d.up == null ? "unknown" : d.up ? "reachable" : "unreachable") })),
      el("td", { "data-label": t("lastPoll"), text: dateTime(d.at) })))
      : el("tr", {}, el("td", { colspan: "5", class: "empty", text: live.devices ? t("noOtherDevices") : t("loading") })));
  }

  const release = useDevices();
  const off = onLive((what) => { if (what === "devices") renderOthers(); });
  load().catch(ctx.onError);
  return { cleanup() { release(); off(); } };
}

/** "communauté définie" / "v3 ops, SHA / AES, secrets définis" — never the secrets themselves. */
function credentials(d) {
  if (d.version !== "3") return d.communitySet ? t("communitySet") : t("noCommunity");
  const protocols = [d.authProtocol || t("noAuth"), d.privProtocol || t("noPriv")].join(" / ");
  return `${d.user ?? "?"}, ${protocols}${d.authPasswordSet || d.privPasswordSet ? `, ${t("secretsSet")}` : ""}`;
}
