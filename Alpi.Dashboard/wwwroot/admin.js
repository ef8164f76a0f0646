// Administration (#/admin/SECTION, administrators only): accounts and roles, alert rules, SNMP devices and credentials,
// tenants, the Cigale terminals (NAS clients). One section at a time, chosen in a small menu, so that a phone shows
// one list. The server refuses every change to other roles anyway (403); the page does not offer them.
import { el, t, can, POLICY } from "./core.js";
import { usersSection } from "./admin-users.js";
import { rulesSection } from "./admin-rules.js";
import { snmpSection } from "./admin-snmp.js";
import { tenantsSection } from "./admin-tenants.js";
import { nasSection } from "./admin-nas.js";

const SECTIONS = { users: usersSection, rules: rulesSection, snmp: snmpSection, tenants: tenantsSection, nas: nasSection };

/** The section named in the address, or the first. */
export const adminSection = (name) => (name in SECTIONS ? name : "users");

export function adminView(main, params, ctx) {
  document.title = `${t("admin")} — ${t("brand")}`;
  let section = null;
  // Until the session's answer is in, the role is not known: a heading and "loading"; then the section, or the refusal.
  main.replaceChildren(el("h1", { text: t("admin") }), el("p", { text: t("loading") }));
  return {
    key: `admin|${adminSection(params.section)}`,
    cleanup() { section?.cleanup?.(); document.querySelector("dialog.dialog")?.close(); },
    session() {
      if (section) return;
      if (!can(POLICY.administer)) {
        main.replaceChildren(el("h1", { text: t("admin") }), el("p", { class: "empty", text: t("adminOnly") }));
        section = {};
        return;
      }
      const current = adminSection(params.section);
      const menu = el("nav", { class: "tabs", "aria-label": t("adminSections") },
        el("ul", {}, Object.keys(SECTIONS).map((id) => el("li", {},
          el("a", { href: `#/admin/${id}`, "data-section": id, "aria-current": id === current ? "true" : null, text: t(`admin_${id}`) })))));
      const body = el("div", { class: "admin-body", "data-section": current });
      main.replaceChildren(el("h1", { text: t("admin") }), menu, body);
      document.title = `${t(`admin_${current}`)} — ${t("admin")} — ${t("brand")}`;
      section = SECTIONS[current](body, ctx) ?? {};
    },
  };
}
