// Session search for the data-protection officer: who used which terminal, when, with which device and address
// (the hotspot controller's legal connection log). Shown only to accounts whose policies include
// POLICY.connectionLog (the session from GET /api/security/me); the collector refuses everyone else (403) and audits
// each search.
import { el, t, number, dateTime, show } from "./core.js";
import { api } from "./api.js";
import { refusalText } from "./refusals.js";

const field = (id, labelKey, input, hint) => el("div", { class: "field" },
  el("label", { for: id, text: t(labelKey) }), input, hint ? el("span", { class: "hint", id: `${id}-hint`, text: t(hint) }) : null);

/** datetime-local value (browser time) → ISO-8601 UTC, or "" when empty. */
const iso = (value) => (value ? new Date(value).toISOString() : "");

/** The search section; `terminals()` gives the current terminal names for the terminal list. */
export function sessionSearch(terminals) {
  const nas = el("input", { id: "s-nas", name: "nas", list: "s-nas-list", autocomplete: "off" });
  const list = el("datalist", { id: "s-nas-list" });
  const from = el("input", { id: "s-from", name: "from", type: "datetime-local", step: "60" });
  const to = el("input", { id: "s-to", name: "to", type: "datetime-local", step: "60" });
  const user = el("input", { id: "s-user", name: "user", autocomplete: "off" });
  const mac = el("input", { id: "s-mac", name: "mac", autocomplete: "off", "aria-describedby": "s-mac-hint" });
  const ip = el("input", { id: "s-ip", name: "ip", autocomplete: "off", inputmode: "decimal" });
  const status = el("p", { class: "count-line", id: "s-status", role: "status" });
  const results = el("div", { class: "scroll", id: "s-results" });
  const submit = el("button", { type: "submit", text: t("searchSessions") });

  const refreshTerminals = () => list.replaceChildren(...terminals().map((name) => el("option", { value: name })));
  const form = el("form", { class: "create session-search", "aria-labelledby": "sessions-title", novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      const query = new URLSearchParams();
      for (const [key, value] of [["nas", nas.value.trim()], ["from", iso(from.value)], ["to", iso(to.value)],
        ["user", user.value.trim()], ["mac", mac.value.trim()], ["ip", ip.value.trim()]]) {
        if (value) query.set(key, value);
      }
      // The results and the status line are shown with `show`: a language switch draws them again, in the new language.
      if ([...query.keys()].length === 0) {
        status.className = "count-line error";
        show(status, () => t("searchNeedsCriterion"));
        nas.focus();
        return;
      }
      submit.disabled = true;
      status.className = "count-line";
      show(status, () => t("searching"));
      try {
        const answer = await api(`/api/wifi/sessions/search?${query}`);
        show(results, () => table(answer.sessions));
        show(status, () => t(answer.truncated ? "sessionsFoundTruncated" : "sessionsFound", { n: answer.sessions.length }));
      } catch (error) {
        show(results, () => null);
        status.className = "count-line error";
        show(status, () => `${t("searchFailed")} ${refusalText(error)}`);
      } finally {
        submit.disabled = false;
      }
    } },
  el("p", { class: "hint", text: t("searchHint") }),
  el("div", { class: "form-grid" },
    field("s-nas", "terminal", nas), field("s-from", "from", from), field("s-to", "to", to),
    field("s-user", "searchUser", user), field("s-mac", "searchMac", mac, "searchMacHint"), field("s-ip", "searchIp", ip)),
  list, el("div", { class: "buttons" }, submit));
  nas.addEventListener("focus", refreshTerminals);
  refreshTerminals();
  return el("section", { class: "block", id: "sessions", "aria-labelledby": "sessions-title" },
    el("h2", { id: "sessions-title", text: t("sessionSearch") }), form, status, results);
}

function table(sessions) {
  if (sessions.length === 0) return el("p", { class: "empty", text: t("noSessionsFound") });
  const cols = ["terminal", "searchUser", "searchMac", "searchIp", "started", "ended", "volumeUp", "volumeDown", "endCause"];
  return el("table", { class: "grid sessions", "aria-labelledby": "sessions-title" },
    el("thead", {}, el("tr", {}, cols.map((k) => el("th", { scope: "col", text: t(k) })))),
    el("tbody", {}, sessions.map((s) => el("tr", { "data-session": s.acctSessionId },
      el("td", { text: s.nas }),
      el("td", { text: s.account && s.account !== s.userName ? `${s.account} (${s.userName ?? "—"})` : s.userName ?? s.account ?? "—" }),
      el("td", { text: s.mac ?? "—" }), el("td", { text: s.ip ?? "—" }),
      el("td", {}, el("time", { datetime: s.startedAt, text: dateTime(s.startedAt) })),
      el("td", {}, s.stoppedAt ? el("time", { datetime: s.stoppedAt, text: dateTime(s.stoppedAt) }) : t("sessionOpen")),
      el("td", { class: "num", text: octets(s.inputOctets) }), el("td", { class: "num", text: octets(s.outputOctets) }),
      el("td", { text: s.terminateCause ?? "—" })))));
}

/** Octets as "1,2 Mo" / "1.2 MB" (decimal units). */
export function octets(n) {
  if (n == null) return "—";
  const units = t("octetUnits").split(",");
  let i = 0, v = n;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${number(v, false, i === 0 ? 0 : 1)} ${units[i]}`;
}
