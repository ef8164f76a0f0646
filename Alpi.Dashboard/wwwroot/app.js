// Alpi dashboard: hosts list and host page with live charts (uPlot), over the collector's JSON API.
// Everything coming from the network is inserted as text, never as HTML.
(function () {
  "use strict";
  const REFRESH_MS = 1000;
  const RANGES = { m15: 15 * 60, h1: 3600, h24: 24 * 3600 };
  let lang = localStorage.getItem("alpi.lang") || "fr";
  let timer = null;
  let charts = [];

  const t = (key) => (AlpiText[lang] && AlpiText[lang][key]) || AlpiText.fr[key] || key;
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c != null) node.append(c);
    return node;
  };
  const api = async (path) => {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(path + " → HTTP " + response.status);
    return response.json();
  };
  const ago = (iso) => {
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return lang === "fr" ? `${t("ago")} ${s} ${t("seconds")}` : `${s} ${t("seconds")}`;
  };

  function applyLanguage() {
    failing = null;
    document.documentElement.lang = lang;
    document.getElementById("lang").value = lang;
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  }

  // The time of the last refresh changes every second and is not announced; a failure (or the recovery) is,
  // once, through the live region.
  let failing = null;
  function stamp(error) {
    const updated = document.getElementById("updated");
    if (!error) updated.textContent = `${t("updated")} ${new Date().toLocaleTimeString(lang)}`;
    const message = error ? `${t("error")} ${error.message}` : "";
    if (message !== failing) {
      failing = message;
      document.getElementById("problem").textContent = message;
    }
  }

  function schedule(fn) {
    clearTimeout(timer);
    const tick = async () => {
      try { await fn(); stamp(null); } catch (e) { stamp(e); }
      timer = setTimeout(tick, REFRESH_MS);
    };
    tick();
  }

  // ---- Hosts list -------------------------------------------------------------------------------
  function hostsView() {
    destroyCharts();
    const main = document.getElementById("main");
    const body = el("tbody");
    document.title = `${t("hosts")} — ${t("brand")}`;
    main.replaceChildren(
      el("h1", { id: "hosts-title", text: t("hosts") }),
      el("table", { class: "hosts", "aria-labelledby": "hosts-title" },
        el("thead", {}, el("tr", {},
          el("th", { scope: "col", text: t("tenant") }), el("th", { scope: "col", text: t("host") }),
          el("th", { scope: "col", text: t("status") }), el("th", { scope: "col", text: t("lastSeen") }))),
        body));
    schedule(async () => {
      const hosts = await api("/api/hosts");
      if (hosts.length === 0) {
        body.replaceChildren(el("tr", {}, el("td", { colspan: "4", class: "empty", text: t("noHosts") })));
        return;
      }
      // Rows are updated in place, keyed by tenant and host: rebuilding them every second would take the
      // keyboard focus (and a screen reader's position) away from a host link.
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
    });
  }

  function hostRow(h) {
    return el("tr", { "data-host": h.host, "data-tenant": h.tenant },
      el("td", { text: h.tenant }),
      el("td", {}, el("a", { href: `#/host/${encodeURIComponent(h.tenant)}/${encodeURIComponent(h.host)}`, text: h.host })),
      el("td", {}, el("span", { class: "badge" })),
      el("td", {}, el("time", {})));
  }

  // ---- Host page --------------------------------------------------------------------------------
  const CHARTS = [
    { id: "cpu", title: "cpu", yMax: 100, queries: [
      { measurement: "cpu", field: "usage_user", tags: { cpu: "cpu-total" }, label: "user" },
      { measurement: "cpu", field: "usage_system", tags: { cpu: "cpu-total" }, label: "system" },
      { measurement: "cpu", field: "usage_iowait", tags: { cpu: "cpu-total" }, label: "iowait" }] },
    { id: "mem", title: "mem", yMax: 100, queries: [{ measurement: "mem", field: "used_percent", label: "used" }] },
    { id: "disk", title: "disk", yMax: 100, queries: [{ measurement: "disk", field: "used_percent", labelTag: "path" }] },
    { id: "net", title: "net", compact: true, queries: [
      { measurement: "net", field: "bytes_recv", agg: "rate", labelTag: "interface", label: "recv" },
      { measurement: "net", field: "bytes_sent", agg: "rate", labelTag: "interface", label: "sent" }] },
  ];
  const COLORS = ["#0a4d8c", "#c8511b", "#2a7a2e", "#7b3fa0", "#a4161a", "#1b7c8c", "#6b5b00"];

  // Numbers and dates in the page's language; 24-hour clock in both (uPlot's defaults are US English).
  const number = (v, compact) => v == null ? "—" : new Intl.NumberFormat(lang, compact
    ? { notation: "compact", maximumFractionDigits: 1 } : { maximumFractionDigits: 1 }).format(v);
  const DATE_NAMES = {
    fr: { MMMM: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
      MMM: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
      WWWW: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"], WWW: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."] },
  };
  const fmtDate = (tpl) => {
    let local = tpl.replace(/\{h\}\{aa\}/g, "{HH}:00").replace(/\{h\}/g, "{HH}").replace(/\{aa\}/g, "");
    if (lang === "fr") local = local.replace(/\{M\}\/\{D\}/g, "{D}/{M}");
    return uPlot.fmtDate(local, DATE_NAMES[lang]);
  };
  const stampFormat = (d) => fmtDate(lang === "fr" ? "{DD}/{MM}/{YYYY} {HH}:{mm}:{ss}" : "{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}")(d);

  function hostView(tenant, host, rangeKey) {
    const refocus = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.range : null;
    destroyCharts();
    document.title = `${host} — ${t("brand")}`;
    const main = document.getElementById("main");
    const facts = el("dl", { class: "facts" });
    const grid = el("div", { class: "charts" });
    const buttons = Object.keys(RANGES).map((key) => el("button", {
      type: "button", "data-range": key, "aria-pressed": String(key === rangeKey), text: t(key),
      onclick: () => { location.hash = `#/host/${encodeURIComponent(tenant)}/${encodeURIComponent(host)}/${key}`; },
    }));
    main.replaceChildren(
      el("p", {}, el("a", { href: "#/", text: t("back") })),
      el("h1", {}, `${host} `, el("span", { class: "badge unknown", id: "host-status", text: t("unknown") })),
      facts,
      el("div", { class: "ranges", role: "group", "aria-labelledby": "range-label" },
        el("span", { id: "range-label", text: t("range") }), ...buttons),
      grid);
    const panels = CHARTS.map((spec) => {
      const box = el("section", { class: "chart", "data-chart": spec.id, "data-points": "0", "aria-labelledby": `chart-${spec.id}` },
        el("h2", { id: `chart-${spec.id}`, text: t(spec.title) }), el("p", { class: "empty", text: t("noData") }));
      grid.append(box);
      return { spec, box, plot: null, shape: "" };
    });
    charts = panels;
    // Keyboard users who chose a range keep their place on the range buttons.
    if (refocus) buttons.find((b) => b.dataset.range === rangeKey)?.focus();
    const seconds = RANGES[rangeKey] || RANGES.m15;
    const step = Math.max(1, Math.ceil(seconds / 360));
    schedule(async () => {
      const hosts = await api("/api/hosts");
      const me = hosts.find((h) => h.host === host && h.tenant === tenant);
      if (!me) {
        // A link to a host the collector has never heard of (typo, old bookmark): say so instead of empty charts.
        facts.replaceChildren(el("p", { class: "error", role: "alert", text: t("hostNotFound") }));
        return;
      }
      renderFacts(facts, me);
      const to = new Date(Date.now() + 1000), from = new Date(to.getTime() - seconds * 1000);
      await Promise.all(panels.map((p) => refreshPanel(p, tenant, host, from, to, step)));
    });
  }

  function renderFacts(facts, h) {
    const badge = document.getElementById("host-status");
    badge.className = `badge ${h.status}`;
    badge.textContent = t(h.status);
    const inv = h.inventory || {};
    const rows = [["status", t(h.status)], ["lastSeen", ago(h.lastSeen)], ["os", inv.osVersion || inv.os || "—"],
      ["kernel", inv.kernel || "—"], ["agent", inv.agentVersion || "—"], ["addresses", (inv.ipAddresses || []).join(", ") || "—"],
      ["malformed", String(h.malformedLines)]];
    facts.replaceChildren(...rows.flatMap(([k, v]) => [el("dt", { text: t(k) }), el("dd", { text: v })]));
  }

  async function refreshPanel(panel, tenant, host, from, to, step) {
    panel.from = from.getTime() / 1000;
    panel.to = to.getTime() / 1000;
    const tables = [], labels = [];
    for (const q of panel.spec.queries) {
      const params = new URLSearchParams({ measurement: q.measurement, field: q.field, host, tenant,
        from: from.toISOString(), to: to.toISOString(), step: `${step}s`, agg: q.agg || "avg" });
      for (const [k, v] of Object.entries(q.tags || {})) params.set(`tag.${k}`, v);
      const result = await api(`/api/query?${params}`);
      for (const s of result.series) {
        if (s.points.length === 0) continue;
        tables.push([s.points.map((p) => Date.parse(p[0]) / 1000), s.points.map((p) => p[1])]);
        const parts = [q.labelTag ? s.tags[q.labelTag] : null, q.label ? t(q.label) : null].filter(Boolean);
        labels.push(parts.join(" ") || q.field);
      }
    }
    const points = tables.reduce((n, tb) => n + tb[0].length, 0);
    panel.box.setAttribute("data-points", String(points));
    if (tables.length === 0) return;
    const data = tables.length === 1 ? tables[0] : uPlot.join(tables);
    const shape = labels.join("|");
    if (panel.plot && panel.shape === shape) {
      panel.plot.setData(data);
    } else {
      if (panel.plot) panel.plot.destroy();
      panel.box.querySelector(".empty")?.remove();
      const compact = !!panel.spec.compact;
      panel.plot = new uPlot({
        ...chartSize(panel.box),
        fmtDate,
        // The x scale is the chosen range, so every chart of the page shares the same time axis.
        scales: { x: { time: true, range: () => [panel.from, panel.to] }, y: panel.spec.yMax ? { range: [0, panel.spec.yMax] } : {} },
        series: [{ label: t("time"), value: (u, v) => v == null ? "—" : stampFormat(new Date(v * 1000)) },
          ...labels.map((label, i) => ({ label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false,
            value: (u, v) => number(v, compact) }))],
        axes: [{}, { size: 60, values: (u, splits) => splits.map((v) => number(v, compact)) }],
      }, data, panel.box);
      panel.plot.root.querySelector("canvas").setAttribute("role", "img");
      panel.shape = shape;
      if (!panel.resize) {
        panel.resize = new ResizeObserver(() => {
          const size = chartSize(panel.box);
          if (panel.plot && panel.plot.width !== size.width) panel.plot.setSize(size);
        });
        panel.resize.observe(panel.box);
      }
    }
    // The canvas says in words what it draws: the latest value of each line.
    const latest = data.slice(1).map((values, i) => {
      let v = null;
      for (let j = values.length - 1; j >= 0 && v == null; j--) v = values[j];
      return `${labels[i]} ${number(v, !!panel.spec.compact)}`;
    });
    panel.plot.root.querySelector("canvas").setAttribute("aria-label", `${t(panel.spec.title)} — ${t("latest")} ${latest.join(", ")}`);
  }

  function chartSize(box) {
    const style = getComputedStyle(box);
    const inner = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return { width: Math.max(200, Math.floor(inner)), height: 220 };
  }

  function destroyCharts() {
    for (const p of charts) {
      if (p.resize) p.resize.disconnect();
      if (p.plot) p.plot.destroy();
    }
    charts = [];
  }

  function route() {
    applyLanguage();
    const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
    if (parts[0] === "host" && parts.length >= 3) hostView(parts[1], parts[2], parts[3] || "m15");
    else hostsView();
    // A new view takes the focus unless it kept it somewhere (range buttons, the language menu).
    if (!document.activeElement || document.activeElement === document.body) document.getElementById("main").focus({ preventScroll: true });
  }

  document.getElementById("lang").addEventListener("change", (e) => {
    lang = e.target.value;
    localStorage.setItem("alpi.lang", lang);
    route();
  });
  window.addEventListener("hashchange", route);
  route();
})();
