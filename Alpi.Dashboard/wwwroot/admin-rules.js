// Administration: the alert rules in force (GET /api/alerts/rules) and the check of a rule file's text
// (POST /api/alerts/rules/validate): every error with its line, nothing saved. Rules are changed by editing the file on
// the collector's machine; the engine reloads it by itself and keeps the previous rules when the new file is refused.
import { el, t, duration, severityBadge, replaceIfChanged, show, colon } from "./core.js";
import { api } from "./api.js";
import { every } from "./parts.js";
import { field, clearError, showError, table } from "./admin-parts.js";

export function rulesSection(node, ctx) {
  const file = el("div", { class: "file-state" });
  const rulesBody = el("tbody");
  const dependencies = el("div");
  node.replaceChildren(
    el("h2", { id: "rules-title", text: t("admin_rules") }),
    file,
    table("rules", "rules-title", ["name", "kind", "condition", "forDuration", "severity", "policy", "line"], rulesBody),
    el("h3", { id: "deps-title", text: t("dependencies") }), dependencies,
    validateForm());

  async function load() {
    const r = await api("/api/alerts/rules");
    replaceIfChanged(file, JSON.stringify([r.file, r.fileExists, r.enabled, r.errors, r.reloads]), () => [
      el("p", {}, t("rulesFile"), " ", el("code", { text: r.file }), r.fileExists ? "" : ` — ${t("fileMissing")}`),
      r.enabled ? null : el("p", { class: "error", text: t("alertingDisabled") }),
      r.errors.length ? el("div", { class: "rejected", role: "alert" },
        el("p", { text: t("fileRejected", { n: r.errors.length }) }), errorList(r.errors)) : null,
      el("p", { class: "hint", text: t("rulesHowTo") }),
    ].filter(Boolean));
    replaceIfChanged(rulesBody, JSON.stringify(r.rules), () => r.rules.length ? r.rules.map((rule) => el("tr", { "data-rule": rule.name },
      el("td", { "data-label": t("name") }, el("strong", { text: rule.name })),
      el("td", { "data-label": t("kind"), text: rule.kind }),
      el("td", { "data-label": t("condition") }, el("code", { text: rule.condition })),
      el("td", { "data-label": t("forDuration"), text: rule.forSeconds ? duration(rule.forSeconds) : t("atOnce") }),
      el("td", { "data-label": t("severity") }, severityBadge(rule.severity)),
      el("td", { "data-label": t("policy"), text: rule.policy || t("defaultPolicy") }),
      el("td", { "data-label": t("line"), class: "num", text: String(rule.line) })))
      : el("tr", {}, el("td", { colspan: "7", class: "empty", text: t("noRules") })));
    replaceIfChanged(dependencies, JSON.stringify(r.dependencies), () => r.dependencies.length
      ? el("ul", { class: "links" }, r.dependencies.map((d) => el("li", {},
        t("dependsOn", { children: d.children.join(", "), parent: d.parent }), d.tenant ? ` (${d.tenant})` : "", ` — ${t("lineN", { n: d.line })}`)))
      : el("p", { class: "empty", text: t("noDependencies") }));
  }

  function validateForm() {
    const text = el("textarea", { rows: "12", spellcheck: "false", autocapitalize: "none", class: "code" });
    const error = el("p", { class: "error", role: "alert", id: "rules-error" });
    const result = el("div", { id: "rules-result", role: "status" });
    const submit = el("button", { type: "submit", text: t("validate") });
    const form = el("form", { class: "create", novalidate: true, "aria-labelledby": "validate-title", onsubmit: async (e) => {
      e.preventDefault();
      clearError(error, form);
      show(result, () => null);
      submit.disabled = true;
      try {
        const v = await api("/api/alerts/rules/validate", { method: "POST", body: { text: text.value } });
        // Shown with `show` (core.js): a language switch draws the result again, in the new language.
        show(result, () => (v.valid
          ? el("p", { class: "ok", text: t("fileValid", { rules: v.rules, dependencies: v.dependencies }) })
          : el("div", {}, el("p", { class: "error", text: t("fileInvalid", { n: v.errors.length }) }), errorList(v.errors, "rules-errors"))));
      } catch (err) {
        showError(error, form, err);
      } finally {
        submit.disabled = false;
      }
    } },
    el("h3", { id: "validate-title", text: t("validateTitle") }),
    field("rules-text", "ruleFileText", text, { param: "text", hintKey: "validateHint" }),
    error, submit, result);
    return form;
  }

  const stop = every(15_000, load, ctx.onError);
  return { cleanup: stop };
}

/** "Ligne 6, colonne 13 — rules[0].window : …", one item per error. */
function errorList(errors, id) {
  return el("ol", { class: "rule-errors", id }, errors.map((e) => el("li", { "data-line": e.line },
    el("strong", { text: t("lineColumn", { line: e.line, column: e.column }) }), e.key ? ` — ${e.key}` : "", `${colon()}${e.message}`)));
}
