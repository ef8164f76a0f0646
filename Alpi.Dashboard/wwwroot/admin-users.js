// Administration: the dashboard's accounts (GET/POST /api/security/users, PATCH/DELETE /api/security/users/{name}):
// list, create with an initial password, change the role, disable or enable, end a lockout, delete. The signed-in
// administrator's own account is shown but not changed here (a new role would end this very session).
import { el, t, dateTime, session, replaceIfChanged, show } from "./core.js";
import { api } from "./api.js";
import { refusalText } from "./refusals.js";
import { every } from "./parts.js";
import { field, clearError, showError, confirmAction, table, slug } from "./admin-parts.js";

const ROLES = ["administrator", "technician", "viewer", "dpo"];
const path = (name) => `/api/security/users/${encodeURIComponent(name)}`;

export function usersSection(node, ctx) {
  const status = el("p", { role: "status", class: "count-line", id: "users-status" });
  const body = el("tbody");
  node.replaceChildren(
    el("h2", { id: "users-title", text: t("admin_users") }),
    el("p", { class: "hint", text: t("usersIntro") }),
    status,
    table("users", "users-title", ["name", "role", "state", "lastLogin", "actions"], body),
    createForm());

  async function load(focus) {
    const users = await api("/api/security/users");
    // Rebuilt only when something changed, so that a periodic refresh leaves the focus alone.
    replaceIfChanged(body, JSON.stringify(users), () => users.map(row));
    if (focus) node.querySelector(focus)?.focus();
  }

  function row(u) {
    const self = u.name === session.name;
    const id = slug(u.name);
    const locked = u.lockedUntil && Date.parse(u.lockedUntil) > Date.now();
    const state = u.disabled ? t("disabledSince", { at: dateTime(u.disabledAt) })
      : locked ? t("lockedUntil", { at: dateTime(u.lockedUntil) }) : t("active");
    const roleSelect = el("select", { id: `role-${id}`, "aria-label": t("roleOf", { name: u.name }), disabled: self, "data-action": "role",
      onchange: (e) => { const role = e.target.value; change(u, { role }, () => t("roleChanged", { name: u.name, role: t(`role_${role}`) }), `#role-${id}`,
        () => { e.target.value = u.role; }); } },
    ROLES.map((r) => el("option", { value: r, text: t(`role_${r}`), selected: r === u.role })));
    const actions = self ? el("span", { class: "muted", text: t("yourAccount") }) : [
      el("button", { type: "button", class: "secondary small", "data-action": "disable",
        "aria-label": `${t(u.disabled ? "enable" : "disable")} ${u.name}`, text: t(u.disabled ? "enable" : "disable"),
        onclick: () => change(u, { disabled: !u.disabled }, () => t(u.disabled ? "userEnabled" : "userDisabled", { name: u.name }), `tr[data-user="${CSS.escape(u.name)}"] [data-action="disable"]`) }),
      locked ? el("button", { type: "button", class: "secondary small", "data-action": "unlock", "aria-label": `${t("unlock")} ${u.name}`, text: t("unlock"),
        onclick: () => change(u, { unlock: true }, () => t("userUnlocked", { name: u.name }), `tr[data-user="${CSS.escape(u.name)}"] [data-action="disable"]`) }) : null,
      el("button", { type: "button", class: "danger small", "data-action": "delete", "aria-label": `${t("delete")} ${u.name}`, text: t("delete"),
        onclick: () => remove(u) }),
    ];
    return el("tr", { "data-user": u.name, "data-disabled": String(u.disabled) },
      el("td", { "data-label": t("name") }, el("strong", { text: u.name })),
      el("td", { "data-label": t("role") }, roleSelect),
      el("td", { "data-label": t("state"), class: u.disabled || locked ? "firing" : "", text: state }),
      el("td", { "data-label": t("lastLogin"), text: u.lastLoginAt ? dateTime(u.lastLoginAt) : t("never") }),
      el("td", { "data-label": t("actions"), class: "actions" }, actions));
  }

  // Messages are shown with `show` (core.js), worded when drawn: a language switch shows them again in the new language.
  async function change(u, patch, done, focus, undo) {
    try {
      await api(path(u.name), { method: "PATCH", body: patch });
      show(status, done);
      await load(focus);
    } catch (err) {
      undo?.();
      show(status, () => refusalText(err));
    }
  }

  async function remove(u) {
    if (!await confirmAction(t("deleteUserTitle", { name: u.name }), t("deleteUserText", { name: u.name }), t("delete"))) return;
    try {
      await api(path(u.name), { method: "DELETE" });
      await load("#nu-name");
      show(status, () => t("userDeleted", { name: u.name })); // once the list shows it
    } catch (err) {
      show(status, () => refusalText(err));
    }
  }

  function createForm() {
    const name = el("input", { autocomplete: "off", autocapitalize: "none", spellcheck: "false", maxlength: "64", required: true });
    const role = el("select", {}, ROLES.map((r) => el("option", { value: r, text: t(`role_${r}`), selected: r === "technician" })));
    const password = el("input", { type: "password", autocomplete: "new-password", minlength: "12", maxlength: "128", required: true });
    const error = el("p", { class: "error", role: "alert", id: "nu-error" });
    const submit = el("button", { type: "submit", text: t("createUser") });
    const form = el("form", { class: "create", novalidate: true, "aria-labelledby": "nu-title", onsubmit: async (e) => {
      e.preventDefault();
      clearError(error, form);
      submit.disabled = true;
      try {
        const created = await api("/api/security/users", { method: "POST", body: { name: name.value.trim(), role: role.value, password: password.value } });
        name.value = "";
        password.value = "";
        await load("#nu-name");
        show(status, () => t("userCreated", { name: created.name, role: t(`role_${created.role}`) })); // once listed
      } catch (err) {
        showError(error, form, err);
      } finally {
        submit.disabled = false;
      }
    } },
    el("h3", { id: "nu-title", text: t("newUser") }),
    el("div", { class: "form-grid" },
      field("nu-name", "name", name, { param: "name", hintKey: "userNameHint" }),
      field("nu-role", "role", role, { param: "role" }),
      field("nu-password", "initialPassword", password, { param: "password", hintKey: "passwordHint" })),
    error, submit);
    return form;
  }

  const stop = every(30_000, () => load(), ctx.onError);
  return { cleanup: stop };
}
