// A host's dependencies, as the rule file declares them (`dependencies:`, read from GET /api/alerts/rules): the host it
// depends on (its parent, e.g. the site router) and the hosts that depend on it, each with its status and a link; and,
// from its open alerts (`suppressedBy`), whether its alerts are suppressed now because that parent is down.
import { el, t, href, replaceIfChanged } from "./core.js";
import { api } from "./api.js";
import { live } from "./live.js";
import { section } from "./parts.js";

/** A child pattern of the rule file as a regular expression: `*` matches any run of characters, the rest is literal. */
const pattern = (glob) => new RegExp("^" + glob.replace(/[.+?^$(){}|[\]\\*]/g, (c) => (c === "*" ? ".*" : "\\" + c)) + "$");

/** True when `host` of `tenant` is one of the dependency's children (as HostDependency.HasChild on the collector). */
export const isChild = (d, tenant, host) =>
  (d.tenant == null || d.tenant === tenant) && host !== d.parent && d.children.some((c) => pattern(c).test(host));

/** The block and its `render()` (call it when hosts or alerts change). Hidden while the host has no dependency. */
export function dependenciesBlock(tenant, host, onError) {
  const body = el("div");
  const node = section("dependencies", "dependencies", body);
  node.hidden = true;
  let dependencies = null;
  api("/api/alerts/rules").then((r) => { dependencies = r.dependencies || []; render(); }).catch(onError);

  const line = (name) => {
    const status = live.hosts?.find((h) => h.tenant === tenant && h.host === name)?.status ?? "unknown";
    return el("li", { "data-host": name, "data-status": status }, el("a", { href: href.host(tenant, name), text: name }), " ",
      el("span", { class: `badge ${status}`, text: t(status) }));
  };
  const list = (id, names) => (names.length ? el("ul", { class: "links", id }, names.map(line)) : el("p", { id, text: t("none") }));

  function render() {
    if (!dependencies) return;
    node.dataset.dependencies = "loaded";
    const parents = [...new Set(dependencies.filter((d) => isChild(d, tenant, host)).map((d) => d.parent))].sort();
    const mine = dependencies.filter((d) => d.parent === host && (d.tenant == null || d.tenant === tenant));
    // The children the collector knows, and those the file names literally that have not reported yet.
    const children = new Set((live.hosts || []).filter((h) => h.tenant === tenant && mine.some((d) => isChild(d, tenant, h.host))).map((h) => h.host));
    for (const d of mine) for (const c of d.children) if (!c.includes("*") && c !== host) children.add(c);
    const suppressedBy = [...new Set((live.alerts || []).filter((a) => a.tenant === tenant && a.host === host && a.suppressedBy).map((a) => a.suppressedBy))];
    node.hidden = parents.length === 0 && children.size === 0;
    replaceIfChanged(body, JSON.stringify([parents, [...children], suppressedBy, (live.hosts || []).filter((h) => h.tenant === tenant).map((h) => [h.host, h.status])]), () => [
      el("h3", { text: t("dependsOn") }), list("depends-on", parents),
      suppressedBy.length ? el("p", { class: "suppressed", id: "suppressed-by", text: t("alertsSuppressed", { parent: suppressedBy.join(", ") }) }) : null,
      el("h3", { text: t("dependents") }), list("dependents", [...children].sort()),
    ].filter(Boolean));
  }
  return { node, render };
}
