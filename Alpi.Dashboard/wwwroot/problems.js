// The problems view: open alerts, live (pushed by /api/live), sortable and filterable; acknowledge with a comment,
// silence the host or the rule on it, open the host. Rows are updated in place, so focus survives refreshes.
// Acknowledgements and silences are recorded under the signed-in account's name (the server takes it from the
// session); their buttons are shown only to the roles allowed to operate (technician, administrator), once the session's
// answer says so (the rows do not wait for it).
import { el, t, href, severityBadge, severityRank, SEVERITIES, agoTime, ago, dateTime, session, can, POLICY, colon } from "./core.js";
import { api } from "./api.js";
import { refusalText } from "./refusals.js";
import { live, onLive, useDevices } from "./live.js";
import { siteLookup, NO_SITE } from "./sites.js";

const AGES = { any: 0, m5: 300, h1: 3600, h24: 86400 };
const COLUMNS = [
  { key: "severity", label: "severity" }, { key: "tenant", label: "tenant" }, { key: "host", label: "host" },
  { key: "problem", label: "problem" }, { key: "age", label: "since" }, { key: "state", label: "state" },
];
const since = (a) => Date.parse(a.firedAt || a.activeSince);
const acknowledged = (a) => a.state === "acknowledged";
const COMPARE = {
  severity: (a, b) => severityRank(a.severity) - severityRank(b.severity),
  tenant: (a, b) => a.tenant.localeCompare(b.tenant),
  host: (a, b) => a.host.localeCompare(b.host),
  problem: (a, b) => a.rule.localeCompare(b.rule),
  age: (a, b) => since(b) - since(a),
  state: (a, b) => Number(acknowledged(a)) - Number(acknowledged(b)),
};

/** A silence's matchers that name this alert exactly (wildcards and regular expressions are not evaluated here). */
const silencedBy = (silences, a) => silences.find((s) => s.active && Object.entries(s.matchers).every(([k, v]) =>
  ({ tenant: a.tenant, host: a.host, rule: a.rule, severity: a.severity }[k] ?? a.labels?.[k]) === v));

export function problemsView(main, params, ctx) {
  document.title = `${t("problems")} — ${t("brand")}`;
  const filters = { severity: "", tenant: "", site: "", host: "", age: "any", ack: "all", ...params.query };
  let sites = siteLookup(null, null);
  const sort = { key: "severity", dir: "desc" };
  let silences = [];
  const operate = () => can(POLICY.operate);
  const known = new Set();
  let first = true;

  const select = (id, key, options) => el("select", { id, onchange: (e) => { filters[key] = e.target.value; render(); remember(); } },
    options.map(([value, label]) => el("option", { value, text: label, selected: filters[key] === value })));
  const tenantSelect = select("f-tenant", "tenant", [["", t("allTenants")]]);
  const siteSelect = select("f-site", "site", [["", t("allSites")]]);
  const hostInput = el("input", { id: "f-host", type: "search", value: filters.host, autocomplete: "off", list: "f-host-list",
    oninput: (e) => { filters.host = e.target.value; render(); remember(); } });
  const hostList = el("datalist", { id: "f-host-list" });
  const form = el("form", { class: "filters", role: "search", "aria-labelledby": "filters-title", onsubmit: (e) => e.preventDefault() },
    el("h2", { id: "filters-title", class: "visually-hidden", text: t("filterProblems") }),
    el("div", {}, el("label", { for: "f-severity", text: t("minSeverity") }),
      select("f-severity", "severity", [["", t("allSeverities")], ...SEVERITIES.slice(0, 3).reverse().map((s) => [s, t(`atLeast_${s}`)])])),
    el("div", {}, el("label", { for: "f-tenant", text: t("tenant") }), tenantSelect),
    el("div", {}, el("label", { for: "f-site", text: t("site") }), siteSelect),
    el("div", {}, el("label", { for: "f-host", text: t("host") }), hostInput, hostList),
    el("div", {}, el("label", { for: "f-age", text: t("olderThan") }),
      select("f-age", "age", Object.keys(AGES).map((k) => [k, t(`age_${k}`)]))),
    el("div", {}, el("label", { for: "f-ack", text: t("acknowledgement") }),
      select("f-ack", "ack", [["all", t("ackAll")], ["no", t("ackNo")], ["yes", t("ackYes")]])),
    el("div", {}, el("button", { type: "button", class: "secondary", text: t("resetFilters"), onclick: () => {
      Object.assign(filters, { severity: "", tenant: "", site: "", host: "", age: "any", ack: "all" });
      for (const [id, v] of [["f-severity", ""], ["f-tenant", ""], ["f-site", ""], ["f-host", ""], ["f-age", "any"], ["f-ack", "all"]]) document.getElementById(id).value = v;
      render(); remember();
    } })));
  const count = el("p", { class: "count-line", id: "problems-count" });
  const announce = el("p", { class: "visually-hidden", role: "status", id: "problems-announce" });
  const headRow = el("tr");
  const body = el("tbody");
  const table = el("table", { class: "grid problems", "aria-labelledby": "problems-title", "aria-describedby": "problems-count" },
    el("thead", {}, headRow), body);
  main.replaceChildren(el("h1", { id: "problems-title", text: t("problems") }), form, count, announce,
    el("div", { class: "scroll" }, table));

  // Sortable headers: a button in each header, aria-sort on the sorted column.
  const renderHead = () => headRow.replaceChildren(...COLUMNS.map((c) => el("th", {
    scope: "col", "aria-sort": sort.key === c.key ? (sort.dir === "asc" ? "ascending" : "descending") : null,
  }, el("button", { type: "button", class: "sort", "data-sort": c.key, onclick: () => {
    sort.dir = sort.key === c.key && sort.dir === "desc" ? "asc" : "desc";
    sort.key = c.key;
    renderHead();
    render();
    headRow.querySelector(`[data-sort="${c.key}"]`).focus();
  } }, t(c.label), el("span", { "aria-hidden": "true", class: "arrow", text: sort.key === c.key ? (sort.dir === "asc" ? "\u00a0▲" : "\u00a0▼") : "" })))),
  operate() ? el("th", { scope: "col", class: "actions-col", text: t("actions") }) : null);
  renderHead();

  function remember() {
    const q = Object.fromEntries(Object.entries(filters).filter(([k, v]) => v && !(k === "age" && v === "any") && !(k === "ack" && v === "all")));
    history.replaceState(null, "", href.problems(Object.keys(q).length ? q : null));
  }

  function visible(a) {
    if (filters.severity && severityRank(a.severity) < severityRank(filters.severity)) return false;
    if (filters.tenant && a.tenant !== filters.tenant) return false;
    if (filters.site && (sites.alert(a) ?? NO_SITE) !== filters.site) return false;
    if (filters.host && !a.host.toLowerCase().includes(filters.host.toLowerCase())) return false;
    if ((Date.now() - since(a)) / 1000 < (AGES[filters.age] || 0)) return false;
    if (filters.ack === "yes" && !acknowledged(a)) return false;
    if (filters.ack === "no" && acknowledged(a)) return false;
    return true;
  }

  function render() {
    const alerts = live.alerts;
    if (!alerts) { count.textContent = t("loading"); return; }
    const tenants = [...new Set(alerts.map((a) => a.tenant))].sort();
    if (filters.tenant && !tenants.includes(filters.tenant)) tenants.push(filters.tenant);
    const options = ["", ...tenants];
    if ([...tenantSelect.options].map((o) => o.value).join("\n") !== options.join("\n")) {
      tenantSelect.replaceChildren(...options.map((v) => el("option", { value: v, text: v || t("allTenants"), selected: v === filters.tenant })));
    }
    sites = siteLookup(live.hosts, live.devices);
    // The sites of the tenant's hosts and of its devices (a device's own site may be no host's).
    const named = [...new Set([...(live.hosts || []).map((h) => [h.tenant, h.site]), ...(live.devices || []).map((d) => [d.tenant, sites.device(d)])]
      .filter(([tenant, site]) => site && (!filters.tenant || tenant === filters.tenant)).map(([, site]) => site))].sort();
    if (filters.site && filters.site !== NO_SITE && !named.includes(filters.site)) named.push(filters.site);
    // "No site": the problems of hosts (and devices) whose agent declared none, Wi-Fi terminals and unknown hosts.
    const siteOptions = ["", NO_SITE, ...named];
    if ([...siteSelect.options].map((o) => o.value).join("\n") !== siteOptions.join("\n")) {
      siteSelect.replaceChildren(...siteOptions.map((v) => el("option", { value: v, text: v === NO_SITE ? t("noSite") : v || t("allSites"), selected: v === filters.site })));
    }
    const hosts = [...new Set(alerts.map((a) => a.host))].sort();
    if (hostList.dataset.key !== hosts.join("\n")) { hostList.dataset.key = hosts.join("\n"); hostList.replaceChildren(...hosts.map((h) => el("option", { value: h }))); }

    const compare = COMPARE[sort.key];
    const sign = sort.dir === "asc" ? 1 : -1;
    const shown = alerts.filter(visible).sort((a, b) => sign * compare(a, b) || -COMPARE.severity(a, b) || COMPARE.age(a, b) || a.id - b.id);
    count.textContent = t("problemsShown", { n: shown.length, total: alerts.length });
    const old = new Map([...body.querySelectorAll("tr[data-alert-id]")].map((tr) => [tr.dataset.alertId, tr]));
    const rows = shown.map((a) => {
      const row = old.get(String(a.id)) || el("tr", { "data-alert-id": a.id });
      fillRow(row, a);
      return row;
    });
    if (rows.length === 0) rows.push(body.querySelector("tr.none") || el("tr", { class: "none" },
      el("td", { colspan: String(COLUMNS.length + (operate() ? 1 : 0)), class: "empty", text: alerts.length ? t("noProblemsFiltered") : t("noProblems") })));
    rows.forEach((row, i) => { if (body.children[i] !== row) body.insertBefore(row, body.children[i] || null); });
    while (body.children.length > rows.length) body.lastElementChild.remove();

    // New problems are announced once (not the ones present when the view opened).
    const fresh = alerts.filter((a) => !known.has(a.id));
    for (const a of alerts) known.add(a.id);
    if (!first && fresh.length) {
      announce.textContent = fresh.length === 1
        ? t("newProblem", { severity: t(`sev_${fresh[0].severity}`), rule: fresh[0].rule, host: fresh[0].host })
        : t("newProblems", { n: fresh.length });
    }
    first = false;
  }

  function hostLink(a) {
    const device = live.devices?.find((d) => d.tenant === a.tenant && d.device === a.host);
    return el("a", { href: device ? href.device(a.tenant, device.agent, device.device) : href.host(a.tenant, a.host), text: a.host });
  }

  function fillRow(row, a) {
    const silence = silencedBy(silences, a);
    const key = JSON.stringify(a) + (silence ? silence.id : "") + (live.devices ? "d" : "") + (operate() ? "o" : "");
    row.dataset.state = a.state;
    row.dataset.acknowledged = String(acknowledged(a));
    row.dataset.severity = a.severity;
    if (row.dataset.key === key) {
      row.querySelector("time").textContent = ago(new Date(since(a)).toISOString());
      return;
    }
    // Keep the keyboard focus on the same action when a row is rebuilt.
    const focused = row.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    row.dataset.key = key;
    const flags = [a.suppressed ? t("suppressedBy", { parent: a.suppressedBy }) : null, a.flapping ? t("flapping") : null,
      silence ? t("silencedUntil", { until: dateTime(silence.endsAt) }) : null].filter(Boolean);
    const context = t("problemContext", { rule: a.rule, host: a.host });
    row.replaceChildren(
      el("td", { "data-label": t("severity") }, severityBadge(a.severity)),
      el("td", { "data-label": t("tenant"), text: a.tenant }),
      el("td", { "data-label": t("host") }, hostLink(a)),
      el("td", { "data-label": t("problem") }, el("strong", { text: a.rule }),
        a.annotations?.summary ? el("span", { text: ` — ${a.annotations.summary}` }) : null,
        a.instance ? el("span", { class: "instance", text: ` (${a.instance})` }) : null,
        flags.length ? el("span", { class: "flags", text: ` · ${flags.join(" · ")}` }) : null),
      el("td", { "data-label": t("since") }, agoTime(new Date(since(a)).toISOString())),
      el("td", { "data-label": t("state"), class: "state" }, acknowledged(a)
        ? el("span", { class: "acked", text: t("ackedBy", { by: a.acknowledgement.by }) + (a.acknowledgement.comment ? colon() + a.acknowledgement.comment : "") })
        : el("span", { class: a.state === "pending" ? "pending" : "firing", text: t(`state_${a.state}`) })),
      operate() ? el("td", { "data-label": t("actions"), class: "actions" },
        a.state === "firing" ? el("button", { type: "button", "data-action": "ack", "aria-label": `${t("acknowledge")} ${context}`, text: t("acknowledge"),
          onclick: () => ackDialog(a) }) : null,
        el("button", { type: "button", class: "secondary", "data-action": "silence", "aria-label": `${t("silence")} ${context}`, text: t("silence"),
          onclick: () => silenceDialog(a) })) : null);
    if (focused) (row.querySelector(`[data-action="${focused}"]`) || row.querySelector("a"))?.focus();
  }

  // ---- Dialogs ------------------------------------------------------------------------------------------
  function dialog(titleKey, a, fields, submitKey, send) {
    const opener = document.activeElement;
    const error = el("p", { class: "error", role: "alert" });
    const submit = el("button", { type: "submit", text: t(submitKey) });
    const box = el("dialog", { class: "dialog", "aria-labelledby": "dlg-title" },
      el("form", { novalidate: true, onsubmit: async (e) => {
        e.preventDefault();
        submit.disabled = true;
        error.textContent = "";
        try {
          const message = await send();
          box.close();
          announce.textContent = message;
        } catch (err) {
          error.textContent = refusalText(err);
          submit.disabled = false;
        }
      } },
      el("h2", { id: "dlg-title", text: t(titleKey) }),
      el("p", { class: "dlg-context" }, severityBadge(a.severity), ` ${t("problemContext", { rule: a.rule, host: a.host })} (${a.tenant})`),
      el("p", { class: "dlg-by", text: t("actingAs", { name: session.name }) }),
      ...fields, error,
      el("div", { class: "buttons" }, submit, el("button", { type: "button", class: "secondary", text: t("cancel"), onclick: () => box.close() }))));
    box.addEventListener("close", () => {
      box.remove();
      // Back to the row's action (the same one when a live update rebuilt the row meanwhile), or the row's first
      // control when the action is gone (acknowledged).
      const row = body.querySelector(`tr[data-alert-id="${a.id}"]`);
      const action = opener?.dataset?.action;
      const target = opener && document.contains(opener) ? opener
        : (action && row?.querySelector(`[data-action="${action}"]`)) || row?.querySelector("button, a");
      target?.focus();
    });
    document.body.append(box);
    box.showModal();
    fields[0]?.querySelector("textarea, select, input")?.focus();
  }

  function ackDialog(a) {
    const comment = el("textarea", { id: "dlg-comment", name: "comment", rows: "3" });
    dialog("ackTitle", a, [el("div", { class: "field" }, el("label", { for: "dlg-comment", text: t("comment") }), comment)], "acknowledge", async () => {
      const acked = await api(`/api/alerts/${a.id}/ack`, { method: "POST", body: { comment: comment.value.trim() || null, sticky: true } });
      // Shown at once; the live stream confirms it within half a second.
      const i = live.alerts?.findIndex((x) => x.id === acked.id) ?? -1;
      if (i >= 0) live.alerts[i] = acked;
      render();
      return t("acknowledgedDone", { rule: a.rule, host: a.host });
    });
  }

  function silenceDialog(a) {
    const scope = el("fieldset", { class: "field" }, el("legend", { text: t("silenceScope") }),
      ...[["rule", t("silenceRule", { rule: a.rule, host: a.host })], ["host", t("silenceHost", { host: a.host })]].map(([value, label], i) =>
        el("div", { class: "radio" }, el("input", { type: "radio", name: "scope", id: `dlg-scope-${value}`, value, checked: i === 0 }),
          el("label", { for: `dlg-scope-${value}`, text: label }))));
    const durationSelect = el("select", { id: "dlg-duration", name: "duration" },
      ["1h", "4h", "8h", "24h", "168h"].map((d) => el("option", { value: d, text: t(`for_${d}`), selected: d === "4h" })));
    const comment = el("textarea", { id: "dlg-comment", name: "comment", rows: "2" });
    dialog("silenceTitle", a, [scope,
      el("div", { class: "field" }, el("label", { for: "dlg-duration", text: t("duration") }), durationSelect),
      el("div", { class: "field" }, el("label", { for: "dlg-comment", text: t("comment") }), comment)], "silence", async () => {
      const matchers = { tenant: a.tenant, host: a.host };
      if (scope.querySelector("input:checked").value === "rule") matchers.rule = a.rule;
      const created = await api("/api/silences", { method: "POST", body: { matchers, duration: durationSelect.value, comment: comment.value.trim() || null } });
      silences = [...silences, created];
      render();
      return t("silencedDone", { until: dateTime(created.endsAt) });
    });
  }

  // ---- Live -------------------------------------------------------------------------------------------------
  const stopDevices = useDevices();
  const loadSilences = () => api("/api/silences").then((s) => { silences = s; render(); }).catch(ctx.onError);
  loadSilences();
  const silenceTimer = setInterval(loadSilences, 30_000);
  const off = onLive((what) => { if (what === "alerts" || what === "devices" || what === "hosts") render(); });
  const ticker = setInterval(() => { if (live.alerts) render(); }, 1000);
  render();
  return {
    key: "problems",
    cleanup() { off(); stopDevices(); clearInterval(ticker); clearInterval(silenceTimer); document.querySelector("dialog.dialog")?.close(); },
    // The role is known: the actions column appears for the roles allowed to operate.
    session() {
      renderHead();
      body.querySelector("tr.none")?.remove();
      render();
    },
  };
}
