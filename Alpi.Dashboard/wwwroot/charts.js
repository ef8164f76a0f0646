// Time ranges (presets that follow "now", or a fixed from–to), their keyboard controls, and uPlot chart panels.
// Points come from /api/query downsampled by the collector to about one point per pixel of the chart's width.
import { el, t, number, settings, show } from "./core.js";
import { api } from "./api.js";
// npm `uplot`'s ES module build, bundled into the page's one script by the build (esbuild: Alpi.Dashboard.csproj).
import uPlot from "uplot";

/** Preset ranges in seconds; a preset ends now and follows live data. */
export const PRESETS = { m15: 900, h1: 3600, h6: 6 * 3600, h24: 86400, d7: 7 * 86400 };
const DEFAULT_PRESET = "m15";
const MIN_WIDTH = 60;

/** "h1" → {preset:"h1"}; "1700000000-1700003600" → {from, to} (seconds since the epoch); anything else → the default. */
export function parseRange(text) {
  if (PRESETS[text]) return { preset: text };
  const m = /^(\d{1,12})-(\d{1,12})$/.exec(text || "");
  if (m && Number(m[2]) - Number(m[1]) >= MIN_WIDTH) return { from: Number(m[1]), to: Number(m[2]) };
  return { preset: DEFAULT_PRESET };
}

/** The inverse of parseRange, for the URL. */
export const rangeText = (r) => r.preset || `${r.from}-${r.to}`;

const nowSeconds = () => Math.ceil(Date.now() / 1000) + 1;

/** {from, to, live} in seconds for a range, `live` when it ends now. */
export function resolveRange(r) {
  if (r.preset) {
    const to = nowSeconds();
    return { from: to - PRESETS[r.preset], to, live: true };
  }
  return { from: r.from, to: r.to, live: false };
}

/** A fixed range of the same centre, `factor` times as wide, never reaching past now. */
export function zoomRange(r, factor) {
  const { from, to } = resolveRange(r);
  const width = Math.max(MIN_WIDTH, (to - from) * factor), mid = (from + to) / 2;
  return clamp(mid - width / 2, mid + width / 2);
}

/** The range moved by half its width, earlier (-1) or later (+1); later than now becomes "the same width until now". */
export function panRange(r, direction) {
  const { from, to } = resolveRange(r);
  const shift = ((to - from) / 2) * direction;
  return clamp(from + shift, to + shift);
}

function clamp(from, to) {
  const now = nowSeconds();
  if (to > now) { from -= to - now; to = now; }
  return { from: Math.floor(from), to: Math.ceil(to) };
}

const localInput = (seconds) => {
  const d = new Date(seconds * 1000);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

/**
 * The range bar: preset buttons (aria-pressed), earlier/later/zoom/now buttons, and a from–to form.
 * `onChange(range)` is called with the new range; the caller re-renders and `focusKey` says which control to refocus.
 */
export function rangeControls(range, onChange) {
  const { from, to } = resolveRange(range);
  const change = (next, key) => onChange(next, key);
  const presets = Object.keys(PRESETS).map((key) => el("button", {
    type: "button", "data-range": key, "aria-pressed": String(range.preset === key), text: t(key),
    onclick: () => change({ preset: key }, `[data-range="${key}"]`),
  }));
  const move = [
    ["earlier", () => panRange(range, -1)], ["later", () => panRange(range, 1)],
    ["zoomOut", () => zoomRange(range, 2)], ["zoomIn", () => zoomRange(range, 0.5)],
  ].map(([key, next]) => el("button", { type: "button", "data-move": key, text: t(key), onclick: () => change(next(), `[data-move="${key}"]`) }));
  move.push(el("button", { type: "button", "data-move": "now", text: t("now"), disabled: !!range.preset,
    onclick: () => change({ preset: DEFAULT_PRESET }, `[data-range="${DEFAULT_PRESET}"]`) }));
  const fromInput = el("input", { type: "datetime-local", id: "range-from", value: localInput(from), required: true });
  const toInput = el("input", { type: "datetime-local", id: "range-to", value: localInput(to), required: true });
  // Shown with `show` (core.js): a language switch shows the refusal again, in the new language.
  const error = el("span", { class: "error", role: "alert", id: "range-error" });
  const form = el("form", { class: "range-custom", novalidate: true, "aria-labelledby": "range-custom-title",
    onsubmit: (e) => {
      e.preventDefault();
      const f = Date.parse(fromInput.value) / 1000, tt = Date.parse(toInput.value) / 1000;
      if (!(tt - f >= MIN_WIDTH)) { show(error, () => t("rangeInvalid")); return; }
      change({ from: Math.floor(f), to: Math.ceil(tt) }, "#range-from");
    } },
    el("span", { id: "range-custom-title", class: "label", text: t("rangeCustom") }),
    el("label", { for: "range-from", text: t("from") }), fromInput,
    el("label", { for: "range-to", text: t("to") }), toInput,
    el("button", { type: "submit", text: t("show") }), error);
  return el("div", { class: "rangebar" },
    el("div", { class: "ranges", role: "group", "aria-labelledby": "range-label" },
      el("span", { id: "range-label", class: "label", text: t("range") }), ...presets),
    el("div", { class: "ranges", role: "group", "aria-labelledby": "move-label" },
      el("span", { id: "move-label", class: "label", text: t("moveInTime") }), ...move),
    form,
    el("p", { class: "hint", text: t("zoomHint") }));
}

const COLORS = ["#0a4d8c", "#c8511b", "#2a7a2e", "#7b3fa0", "#a4161a", "#1b7c8c", "#6b5b00"];
const DATE_NAMES = {
  fr: { MMMM: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    MMM: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    WWWW: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"], WWW: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."] },
};
// uPlot's defaults are US English: 24-hour clock and day/month order in French.
const fmtDate = (tpl) => {
  let local = tpl.replace(/\{h\}\{aa\}/g, "{HH}:00").replace(/\{h\}/g, "{HH}").replace(/\{aa\}/g, "");
  if (settings.lang === "fr") local = local.replace(/\{M\}\/\{D\}/g, "{D}/{M}");
  return uPlot.fmtDate(local, DATE_NAMES[settings.lang]);
};
const stampFormat = (d) => fmtDate(settings.lang === "fr" ? "{DD}/{MM}/{YYYY} {HH}:{mm}:{ss}" : "{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}")(d);

/** The step (whole seconds) for about one point per pixel of `widthPx` over from–to. */
export const stepFor = (from, to, widthPx) => Math.max(1, Math.ceil((to - from) / Math.max(100, widthPx)));

const queryParams = (q, fields, filters, from, to, step) => {
  const params = new URLSearchParams({ measurement: q.measurement });
  for (const field of fields) params.append("field", field);
  params.set("from", new Date(from * 1000).toISOString());
  params.set("to", new Date(to * 1000).toISOString());
  params.set("step", `${step}s`);
  params.set("agg", q.agg || "avg");
  if (filters.tenant) params.set("tenant", filters.tenant);
  if (filters.host) params.set("host", filters.host);
  for (const [k, v] of Object.entries({ ...(filters.tags || {}), ...(q.tags || {}) })) params.set(`tag.${k}`, v);
  return params;
};

// An answer's series with points, as {tags, times (s), values} (values times q.scale when set).
const toLines = (q, series) => series.filter((s) => s.points.length > 0).map((s) => ({
  tags: s.tags, times: s.points.map((p) => Date.parse(p[0]) / 1000), values: s.points.map((p) => (q.scale ? p[1] * q.scale : p[1])),
}));

/**
 * Runs one /api/query and returns its series as {tags, times (s), values}. `filters`: tenant, host, tags.
 * `q`: measurement, field, agg, tags, scale.
 */
export async function querySeries(q, filters, from, to, step, signal) {
  const result = await api(`/api/query?${queryParams(q, [q.field], filters, from, to, step)}`, { signal });
  return toLines(q, result.series);
}

/** Most fields /api/query takes in one request (the collector's QueryRequest.MaxFields). */
const MAX_FIELDS = 16;

/**
 * Runs `queries` (as querySeries's `q`) with one /api/query per measurement, aggregation and tag filters: the fields
 * of a group asked together (`field` repeated, at most MAX_FIELDS a request). Returns, for each query in order, its series
 * as querySeries does.
 */
export async function queryMany(queries, filters, from, to, step, signal) {
  const groups = new Map();
  queries.forEach((q, i) => {
    const key = JSON.stringify([q.measurement, q.agg || "avg", Object.entries(q.tags || {}).sort()]);
    if (!groups.has(key)) groups.set(key, []);
    const group = groups.get(key);
    // A field asked twice (two scales of one field) goes in its own request; so does the 17th of a group.
    const last = group[group.length - 1];
    if (!last || last.length >= MAX_FIELDS || last.some((j) => queries[j].field === q.field)) group.push([i]);
    else last.push(i);
  });
  const answers = new Array(queries.length);
  await Promise.all([...groups.values()].flat().map(async (indexes) => {
    const first = queries[indexes[0]];
    if (indexes.length === 1) {
      answers[indexes[0]] = await querySeries(first, filters, from, to, step, signal);
      return;
    }
    const fields = indexes.map((i) => queries[i].field);
    const result = await api(`/api/query?${queryParams(first, fields, filters, from, to, step)}`, { signal });
    indexes.forEach((i, n) => { answers[i] = toLines(queries[i], result.fields[n].series); });
  }));
  return answers;
}

/**
 * One chart: a titled region with a uPlot canvas whose accessible name says the latest value of each line.
 * spec: {id, title (label key) or titleText, yMax?, compact?, height?, stepped?, spanGaps?, ySplits?, valueText(v)?, context? (said to screen readers after the title)}. `onZoom(from, to)` gets a dragged selection.
 */
export class ChartPanel {
  constructor(spec, onZoom, headingLevel = "h2") {
    this.spec = spec;
    this.onZoom = onZoom;
    this.plot = null;
    this.shape = "";
    const titleId = `chart-${spec.id}`;
    this.box = el("section", { class: "chart", "data-chart": spec.id, "data-points": "0", "aria-labelledby": titleId },
      el(headingLevel, { id: titleId, class: "chart-title" }, spec.titleText || t(spec.title),
        spec.context ? el("span", { class: "visually-hidden", text: ` — ${spec.context}` }) : null),
      el("p", { class: "empty", text: t("noData") }));
    // The inner width as the browser lays the panel out, told after each layout that changed it: reading it costs
    // nothing, whereas measuring (getComputedStyle, clientWidth) forces a layout of the page at each chart drawn.
    this.measured = 0;
    this.resize = new ResizeObserver((entries) => {
      this.measured = Math.max(200, Math.floor(entries[entries.length - 1].contentRect.width));
      if (this.plot && this.plot.width !== this.measured) this.plot.setSize({ width: this.measured, height: this.spec.height || 220 });
    });
    this.resize.observe(this.box);
  }

  /**
   * Inner width in pixels (at least 200), for the step and the canvas: as last laid out, else measured now; 200 for a
   * panel not in the document yet (its canvas takes the right width as soon as it is laid out).
   */
  width() {
    if (this.measured) return this.measured;
    if (!this.box.isConnected) return 200;
    const style = getComputedStyle(this.box);
    return Math.max(200, Math.floor(this.box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)));
  }

  /** Draws `lines` ([{label, times, values}]) over from–to (seconds). */
  draw(lines, from, to) {
    this.from = from;
    this.to = to;
    const points = lines.reduce((n, l) => n + l.times.length, 0);
    this.box.setAttribute("data-points", String(points));
    if (lines.length === 0) {
      if (this.plot) { this.plot.destroy(); this.plot = null; this.shape = ""; }
      if (!this.box.querySelector(".empty")) this.box.append(el("p", { class: "empty", text: t("noData") }));
      return;
    }
    const tables = lines.map((l) => [l.times, l.values]);
    const data = tables.length === 1 ? tables[0] : uPlot.join(tables);
    const labels = lines.map((l) => l.label);
    const shape = labels.join("|") + "|" + settings.lang;
    const compact = !!this.spec.compact;
    if (this.plot && this.shape === shape) {
      this.plot.setData(data);
    } else {
      if (this.plot) this.plot.destroy();
      this.box.querySelector(".empty")?.remove();
      const panel = this;
      this.plot = new uPlot({
        width: this.width(), height: this.spec.height || 220,
        fmtDate,
        // Every chart of a page shares the chosen range as its x scale.
        scales: { x: { time: true, range: () => [panel.from, panel.to] }, y: this.spec.yMax ? { range: [0, this.spec.yMax] } : {} },
        cursor: { drag: { x: true, y: false, setScale: false } },
        series: [{ label: t("time"), value: (u, v) => (v == null ? "—" : stampFormat(new Date(v * 1000))) },
          ...labels.map((label, i) => ({ label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: !!this.spec.spanGaps,
            paths: this.spec.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
            value: (u, v) => (this.spec.valueText ? this.spec.valueText(v) : number(v, compact)) }))],
        axes: [{}, { size: this.spec.valueText ? 90 : 60, splits: this.spec.ySplits ? () => this.spec.ySplits : undefined,
          values: (u, splits) => splits.map((v) => (this.spec.valueText ? this.spec.valueText(v) : number(v, compact))) }],
        hooks: { setSelect: [(u) => {
          if (u.select.width < 5) return;
          const a = u.posToVal(u.select.left, "x"), b = u.posToVal(u.select.left + u.select.width, "x");
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          panel.onZoom?.(Math.floor(a), Math.ceil(b));
        }] },
      }, data, this.box);
      this.plot.root.querySelector("canvas").setAttribute("role", "img");
      this.shape = shape;
    }
    // The canvas says in words what it draws: the latest value of each line.
    const latest = data.slice(1).map((values, i) => {
      let v = null;
      for (let j = values.length - 1; j >= 0 && v == null; j--) v = values[j];
      return `${labels[i]} ${this.spec.valueText ? this.spec.valueText(v) : number(v, compact)}`;
    });
    this.plot.root.querySelector("canvas").setAttribute("aria-label",
      `${this.spec.titleText || t(this.spec.title)}${this.spec.context ? ` (${this.spec.context})` : ""} — ${t("latest")} ${latest.join(", ")}`);
  }

  destroy() {
    this.resize?.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }
}
