// On-call: who is on call now per schedule and the coming shifts; maintenance windows (list, create, end).
// People and their contacts are personal data: shown to the roles allowed to read them (not viewers), and asked for
// only once the session's answer says the role may (a viewer's request would be refused and counted as a 403). The
// windows are drawn at once; they are created and ended by the roles allowed to operate, under the signed-in account's
// name: the form and the buttons appear once the session says so.
import { el, t, dateTime, replaceIfChanged, session, can, POLICY, settings, show, colon, labelled } from "./core.js";
import { api } from "./api.js";
import { refusalText, refusalSentence } from "./refusals.js";
import { every } from "./parts.js";

const UPCOMING = 4;
// The collector's limits on a window typed here (MaintenanceRegistry.MaxWindowNameLength, MaxWindowCommentLength), in
// characters (Unicode scalar values, as [...text].length counts them).
const MAX_NAME = 100;
const MAX_COMMENT = 1000;
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** A weekday (`mon`…`sun`) in the page's language, abbreviated as the language does (lun., Mon). */
function weekday(day) {
  const i = WEEKDAYS.indexOf(day);
  if (i < 0) return day;
  // 2026-01-05 is a Monday.
  return new Intl.DateTimeFormat(settings.lang, { weekday: "short", timeZone: "UTC" }).format(new Date(Date.UTC(2026, 0, 5 + i)));
}

/** A local date and time "2026-12-01T20:00" (the window's zone) as the page's language writes it, without converting it. */
function localDateTime(text, part) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text ?? "");
  if (!m) return text ?? "";
  // Both: the date then the time, each formatted alone (Intl refuses dateStyle mixed with hour and minute: a TypeError).
  if (part !== "date" && part !== "time") return `${localDateTime(text, "date")} ${localDateTime(text, "time")}`;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
  const options = part === "date" ? { dateStyle: "short" } : { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  return new Intl.DateTimeFormat(settings.lang, { ...options, timeZone: "UTC" }).format(date);
}

/**
 * When a window is open, in the page's language, from its `times` (`/api/maintenance`: once, weekly or cron, wall-clock
 * times of its zone); the collector's English `schedule` for a kind this page does not know (a newer collector).
 */
export function describeTimes(w) {
  const times = w.times;
  if (times?.kind === "weekly" && Array.isArray(times.days)) {
    const values = { days: times.days.map(weekday).join(", "), from: times.from, to: times.to };
    return t(times.to <= times.from ? "times_weeklyNextDay" : "times_weekly", values);
  }
  if (times?.kind === "once") {
    return times.from.slice(0, 10) === times.to.slice(0, 10)
      ? t("times_onceDay", { date: localDateTime(times.from, "date"), from: localDateTime(times.from, "time"), to: localDateTime(times.to, "time") })
      : t("times_once", { from: localDateTime(times.from), to: localDateTime(times.to) });
  }
  if (times?.kind === "cron") {
    const minutes = Math.round((times.durationSeconds ?? 0) / 60);
    const h = Math.floor(minutes / 60), m = minutes % 60;
    const duration = h && m ? t("times_hoursMinutes", { h, m }) : h ? t("times_hours", { h }) : t("times_minutes", { m });
    return t("times_cron", { expression: times.expression, duration });
  }
  return w.schedule;
}

export function onCallView(main, params, ctx) {
  document.title = `${t("oncall")} — ${t("brand")}`;
  const nowBody = el("tbody");
  const upcoming = el("div", { class: "rotation" });
  const windowsBody = el("tbody");
  // The message after an action, shown with `show` (core.js): a language switch shows it again in the new language.
  const status = el("p", { role: "status", class: "count-line", id: "mw-status" });
  const formSlot = el("div");
  const operate = () => can(POLICY.operate);
  let windows = null;
  main.replaceChildren(
    el("h1", { text: t("oncall") }),
    el("section", { class: "block", "aria-labelledby": "now-title" },
      el("h2", { id: "now-title", text: t("onCallNow") }),
      el("div", { class: "scroll" }, el("table", { class: "grid", "aria-labelledby": "now-title" },
        el("thead", {}, el("tr", {}, ["schedule", "person", "contacts", "shiftSince", "shiftUntil"].map((k) => el("th", { scope: "col", text: t(k) })))),
        nowBody))),
    el("section", { class: "block", "aria-labelledby": "upcoming-title" },
      el("h2", { id: "upcoming-title", text: t("upcomingRotation") }), upcoming),
    el("section", { class: "block", "aria-labelledby": "maintenance-title" },
      el("h2", { id: "maintenance-title", text: t("maintenanceWindows") }), status,
      el("div", { class: "scroll" }, el("table", { class: "grid maintenance", "aria-labelledby": "maintenance-title" },
        el("thead", {}, el("tr", {}, ["name", "scope", "when", "openNow", "comment", "createdBy", "actions"].map((k) => el("th", { scope: "col", text: t(k) })))),
        windowsBody)),
      formSlot));

  const hidden = () => {
    replaceIfChanged(nowBody, "hidden", () => el("tr", {}, el("td", { colspan: "5", class: "empty", text: t("onCallHidden") })));
    replaceIfChanged(upcoming, "hidden", () => el("p", { class: "empty", text: t("onCallHidden") }));
  };

  let peopleAsked = false;
  replaceIfChanged(nowBody, "loading", () => el("tr", {}, el("td", { colspan: "5", class: "empty", text: t("loading") })));
  async function loadOnCall() {
    if (!session.known) return; // asked by session() when the role is known
    peopleAsked = true;
    if (!can(POLICY.personalData)) { hidden(); return; }
    const shifts = await api("/api/oncall");
    replaceIfChanged(nowBody, JSON.stringify(shifts), () => shifts.length
      ? shifts.map((s) => el("tr", { "data-schedule": s.schedule },
        el("td", { text: s.schedule }),
        el("td", {}, el("strong", { text: s.person }), s.override ? el("span", { class: "flags", text: ` · ${t("override")}${s.override.reason ? colon() + s.override.reason : ""}` }) : null),
        // "email : …" in French, "email: …" in English.
        el("td", { text: Object.entries(s.contacts).map(([k, v]) => labelled(k, v)).join(", ") || "—" }),
        el("td", { text: dateTime(s.since) }), el("td", { text: dateTime(s.until) })))
      : el("tr", {}, el("td", { colspan: "5", class: "empty", text: t("noSchedules") })));
    // The coming shifts: ask who is on call at the end of each shift, schedule by schedule.
    const rotations = await Promise.all(shifts.map(async (s) => {
      const list = [s];
      let at = s.until;
      for (let i = 0; i < UPCOMING; i++) {
        const next = (await api(`/api/oncall?at=${encodeURIComponent(at)}`)).find((x) => x.schedule === s.schedule);
        if (!next || Date.parse(next.until) <= Date.parse(at)) break;
        list.push(next);
        at = next.until;
      }
      return list;
    }));
    replaceIfChanged(upcoming, JSON.stringify(rotations), () => rotations.length ? rotations.map((list) => {
      const id = `rot-${list[0].schedule.replace(/[^A-Za-z0-9_-]/g, "_")}`;
      return el("section", { class: "schedule", "aria-labelledby": id },
        el("h3", { id, text: list[0].schedule }),
        el("ol", {}, list.map((s, i) => el("li", {}, el("strong", { text: s.person }),
          ` — ${i === 0 ? t("untilTime", { until: dateTime(s.until) }) : t("fromTo", { from: dateTime(s.since), to: dateTime(s.until) })}`,
          s.override ? el("span", { class: "flags", text: ` · ${t("override")}` }) : null))));
    }) : el("p", { class: "empty", text: t("noSchedules") }));
  }

  async function loadWindows() {
    windows = await api("/api/maintenance");
    renderWindows();
  }

  function renderWindows() {
    if (!windows) return;
    replaceIfChanged(windowsBody, JSON.stringify(windows) + (operate() ? "o" : ""), () => windows.length ? windows.map((w) => el("tr", { "data-window": w.id },
      el("td", { text: w.name }),
      el("td", { text: Object.entries(w.matchers).map(([k, v]) => `${k} = ${v}`).join(", ") || t("everything") }),
      el("td", { text: `${describeTimes(w)} (${w.timeZone})` }),
      el("td", {}, el("span", { class: `badge ${w.open ? "offline" : "unknown"}`, text: t(w.open ? "yes" : "no") })),
      el("td", { text: w.comment || "—" }),
      el("td", { text: w.createdBy || t("fromFile") }),
      el("td", {}, w.source === "api" && operate()
        ? el("button", { type: "button", class: "secondary", "aria-label": `${t("endWindow")} ${w.name}`, text: t("endWindow"), onclick: async (e) => {
          e.target.disabled = true;
          try {
            await api(`/api/maintenance/${encodeURIComponent(w.id)}`, { method: "DELETE" });
            show(status, () => t("maintenanceEnded", { name: w.name }));
            await loadWindows();
            document.getElementById("mw-name")?.focus();
          } catch (err) {
            show(status, () => refusalText(err));
            e.target.disabled = false;
            // Ended or deleted meanwhile (404): the list shows what is left.
            if (err.status === 404) await loadWindows().catch(() => {});
          }
        } })
        : el("span", { class: "muted", text: w.source === "api" ? "—" : t("editFile") }))))
      : el("tr", {}, el("td", { colspan: "7", class: "empty", text: t("noWindows") })));
  }

  const stopOnCall = every(60_000, loadOnCall, ctx.onError);
  const stopWindows = every(15_000, loadWindows, ctx.onError);
  return {
    key: "oncall",
    cleanup() { stopOnCall(); stopWindows(); },
    // The role is known: who is on call (for the roles allowed to read it), the form and the end buttons for the roles
    // allowed to operate.
    session() {
      if (!peopleAsked) loadOnCall().catch(ctx.onError);
      if (operate() && !formSlot.firstChild) {
        formSlot.replaceChildren(maintenanceForm(async (body) => {
          const created = await api("/api/maintenance", { method: "POST", body });
          show(status, () => t("maintenanceCreated", { name: created.name }));
          await loadWindows();
        }));
      }
      renderWindows();
    },
  };
}

// The fields of the maintenance form, and the description each has of its own (kept beside its messages).
const FORM_FIELDS = ["mw-name", "mw-tenant", "mw-host", "mw-from", "mw-to", "mw-comment"];
const FIELD_HINTS = { "mw-tenant": "mw-match-hint", "mw-host": "mw-match-hint" };

/**
 * What the maintenance form's alert shows for `faults` (`[{render, inputs}]`: each its sentence, worded when drawn,
 * and the ids of the fields it is about), for `show`: one message each (`mw-error-1`…, a space between them), and each
 * field of the alert's form marked `aria-invalid="true"` with `aria-describedby` naming its messages after its own
 * hint, the other fields unmarked. `faults` is kept on the render, for the fields to take theirs away when changed.
 */
function faultsShown(faults) {
  const render = (node) => {
    const form = node.closest("form") ?? document;
    for (const id of FORM_FIELDS) {
      const input = form.querySelector(`#${id}`);
      if (!input) continue;
      const ids = faults.map((f, i) => (f.inputs.includes(id) ? `mw-error-${i + 1}` : null)).filter(Boolean);
      const described = [FIELD_HINTS[id], ...ids].filter(Boolean).join(" ");
      if (ids.length) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
      if (described) input.setAttribute("aria-describedby", described); else input.removeAttribute("aria-describedby");
    }
    return faults.flatMap((f, i) => [i ? " " : null, el("span", { id: `mw-error-${i + 1}`, text: f.render() })]).filter((x) => x !== null);
  };
  render.faults = faults;
  return render;
}

const localInput = (date) => {
  const p = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}`;
};

/**
 * The "new maintenance window" form: a one-off window in this browser's time zone. Every fault is shown at once, the
 * page's own checks as the collector's (each reason of its `errors`), one message each in the form's alert; each field
 * at fault is marked `aria-invalid="true"` with `aria-describedby` naming its message (RGAA 11.10), and unmarked, its
 * message taken away, as soon as it is changed.
 */
function maintenanceForm(create) {
  const now = new Date();
  const field = (id, key, input) => el("div", { class: "field" }, el("label", { for: id, text: t(key) }), input);
  const name = el("input", { id: "mw-name", required: true, autocomplete: "off" });
  const tenant = el("input", { id: "mw-tenant", autocomplete: "off", "aria-describedby": "mw-match-hint" });
  const host = el("input", { id: "mw-host", autocomplete: "off", "aria-describedby": "mw-match-hint" });
  const from = el("input", { id: "mw-from", type: "datetime-local", required: true, value: localInput(now) });
  const to = el("input", { id: "mw-to", type: "datetime-local", required: true, value: localInput(new Date(now.getTime() + 2 * 3600_000)) });
  const comment = el("input", { id: "mw-comment", autocomplete: "off" });
  const inputs = [name, tenant, host, from, to, comment];
  // Shown with `show` (core.js): a language switch shows the faults again, in the new language, their fields marked.
  const error = el("p", { class: "error", role: "alert", id: "mw-error" });
  const refuse = (faults) => {
    show(error, faultsShown(faults));
    faults.find((f) => f.inputs.length)?.inputs.map((id) => document.getElementById(id))[0]?.focus();
  };
  // A field changed is taken as corrected: its faults (and their messages) go; the collector or the page checks it again.
  // The faults are read from what the alert shows, so that this holds after a language switch drew the form again.
  for (const input of inputs) {
    input.addEventListener("input", () => {
      const faults = error.alpiShown?.faults ?? [];
      if (faults.some((f) => f.inputs.includes(input.id))) show(error, faultsShown(faults.filter((f) => !f.inputs.includes(input.id))));
    });
  }
  const fault = (render, ...at) => ({ render, inputs: at.map((input) => input.id) });
  // The field(s) of a reason of the collector: its `parameter` (name, comment, once.from, once.to, once, match) and,
  // for a pattern, its key.
  const fieldsOf = (e) => {
    if (e?.parameter === "match") return e.args?.key === "tenant" ? [tenant] : e.args?.key === "host" ? [host] : [tenant, host];
    return { name: [name], comment: [comment], "once.from": [from], "once.to": [to], once: [from, to] }[e?.parameter] ?? [];
  };
  const worded = (e) => (e?.code && refusalSentence(e.code, e.args)) || e?.detail || e?.reason || "";
  const submit = el("button", { type: "submit", text: t("createWindow") });
  // The page checks the fields itself (novalidate), so that every message is in the page's language and announced.
  return el("form", { class: "create", novalidate: true, "aria-labelledby": "mw-title", onsubmit: async (e) => {
    e.preventDefault();
    refuse([]);
    const found = [];
    const nameLength = [...name.value.trim()].length;
    if (!name.value.trim()) found.push(fault(() => t("windowNameRequired"), name));
    if (nameLength > MAX_NAME) found.push(fault(() => t("windowNameTooLong", { max: MAX_NAME, length: nameLength }), name));
    // Control characters (a tab pasted from a spreadsheet): Unicode category Cc.
    if (/\p{Cc}/u.test(name.value.trim())) found.push(fault(() => t("windowNameControl"), name));
    if (!tenant.value.trim() && !host.value.trim()) found.push(fault(() => t("matchRequired"), tenant, host));
    if (!(Date.parse(to.value) > Date.parse(from.value))) found.push(fault(() => t("rangeInvalid"), to));
    else if (Date.parse(to.value) <= Date.now()) found.push(fault(() => t("windowPast"), to));
    const commentLength = [...comment.value.trim()].length;
    if (commentLength > MAX_COMMENT) found.push(fault(() => t("windowCommentTooLong", { max: MAX_COMMENT, length: commentLength }), comment));
    if (found.length) { refuse(found); return; }
    const match = {};
    if (tenant.value.trim()) match.tenant = tenant.value.trim();
    if (host.value.trim()) match.host = host.value.trim();
    submit.disabled = true;
    try {
      await create({ name: name.value.trim(), match, once: { from: from.value, to: to.value },
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, comment: comment.value.trim() || undefined });
      name.value = "";
      comment.value = "";
    } catch (err) {
      if (err.status === 413) {
        // The collector refuses an oversized body before reading it, so it cannot name the field: the longest one is it.
        const octets = (input) => new TextEncoder().encode(input.value).length;
        const longest = octets(name) > octets(comment) ? name : comment;
        const which = longest === name ? "name" : "comment";
        refuse([fault(() => t("windowTooLarge", { field: t(which), length: err.args?.length ?? "?", limit: err.args?.limit ?? "?" }), longest)]);
      } else if (Array.isArray(err.errors) && err.errors.length > 1) {
        // Every reason of the collector, each on its field.
        refuse(err.errors.map((reason) => fault(() => worded(reason), ...fieldsOf(reason))));
      } else {
        // One reason (or no answer): on the field the collector names, if any.
        refuse([fault(() => refusalText(err), ...fieldsOf(err))]);
      }
    } finally {
      submit.disabled = false;
    }
  } },
  el("h3", { id: "mw-title", text: t("newWindow") }),
  el("div", { class: "form-grid" },
    field("mw-name", "name", name), field("mw-tenant", "tenant", tenant), field("mw-host", "hostPattern", host),
    field("mw-from", "from", from), field("mw-to", "to", to), field("mw-comment", "comment", comment)),
  el("p", { id: "mw-match-hint", class: "hint", text: t("matchHint") }),
  el("p", { class: "hint", text: t("createdAs", { name: session.name }) }),
  error, submit);
}
