// Administration: the Cigale terminals (RADIUS NAS clients) of the hotspot controller bundled in the collector
// (/api/admin/nas): list, add, change, delete. The shared secret is write only: typed when adding or replacing it,
// never shown nor sent back. Terminals declared in the controller's configuration file are listed read only.
import { el, t, replaceIfChanged, settings, show } from "./core.js";
import { api, ApiError } from "./api.js";
import { refusalText, localNumber } from "./refusals.js";
import { every } from "./parts.js";
import { field, clearError, showError, confirmAction, table } from "./admin-parts.js";

const path = (name) => `/api/admin/nas/${encodeURIComponent(name)}`;

/** Latitude and longitude (WGS 84 degrees) in the page's language, every digit kept: "45,9 ; 6,1" in French, "45.9, 6.1" in English. */
const coordinates = (latitude, longitude) => [latitude, longitude].map((v) => localNumber(String(v), settings.lang))
  .join(settings.lang === "fr" ? " ; " : ", ");

export function nasSection(node, ctx) {
  const status = el("p", { role: "status", class: "count-line", id: "nas-status" });
  const body = el("tbody");
  const form = nasForm();
  const list = el("div", {}, table("nas", "nas-title", ["terminal", "address", "tenant", "group", "messageAuthenticator", "coaPort", "coordinates", "actions"], body));
  node.replaceChildren(el("h2", { id: "nas-title", text: t("admin_nas") }), el("p", { class: "hint", text: t("nasIntro") }), status, list, form.node);

  async function load(focus) {
    let clients;
    try {
      clients = await api("/api/admin/nas");
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        // Not bundled: say why, and offer nothing.
        node.replaceChildren(el("h2", { id: "nas-title", text: t("admin_nas") }),
          el("p", { class: "empty", id: "nas-absent", text: t("nasNotBundled") }),
          el("p", { class: "hint", text: err.code === "nas.notBundled" ? "" : refusalText(err) }));
        return false;
      }
      throw err;
    }
    status.dataset.count = String(clients.length);
    replaceIfChanged(body, JSON.stringify(clients), () => clients.length ? clients.map(row)
      : el("tr", {}, el("td", { colspan: "8", class: "empty", text: t("noNas") })));
    if (focus) node.querySelector(focus)?.focus();
    return true;
  }

  function row(n) {
    const editable = n.source === "database";
    return el("tr", { "data-nas": n.name, "data-source": n.source },
      el("td", { "data-label": t("terminal") }, el("strong", { text: n.name })),
      el("td", { "data-label": t("address"), text: n.address }),
      el("td", { "data-label": t("tenant"), text: n.tenant }),
      el("td", { "data-label": t("group"), text: n.group }),
      el("td", { "data-label": t("messageAuthenticator"), text: t(n.requireMessageAuthenticator ? "required" : "notRequired") }),
      el("td", { "data-label": t("coaPort"), class: "num", text: String(n.coaPort) }),
      el("td", { "data-label": t("coordinates"), text: n.latitude != null && n.longitude != null ? coordinates(n.latitude, n.longitude) : "—" }),
      el("td", { "data-label": t("actions"), class: "actions" }, editable ? [
        el("button", { type: "button", class: "secondary small", "data-action": "edit", "aria-label": `${t("edit")} ${n.name}`, text: t("edit"),
          onclick: () => form.edit(n) }),
        el("button", { type: "button", class: "danger small", "data-action": "delete", "aria-label": `${t("delete")} ${n.name}`, text: t("delete"),
          onclick: () => remove(n) }),
      ] : el("span", { class: "muted", text: t("inConfigFile") })));
  }

  async function remove(n) {
    if (!await confirmAction(t("deleteNasTitle", { name: n.name }), t("deleteNasText", { name: n.name }), t("delete"))) return;
    try {
      await api(path(n.name), { method: "DELETE" });
      await load("#nas-name");
      show(status, () => t("nasDeleted", { name: n.name })); // once the list shows it; shown again in the other language after a switch
    } catch (err) {
      show(status, () => refusalText(err));
    }
  }

  /** The add / change form; `edit(n)` fills it with a terminal (its name fixed, its secret left empty to keep it). */
  function nasForm() {
    const input = (attrs) => el("input", { autocomplete: "off", autocapitalize: "none", spellcheck: "false", ...attrs });
    const name = input({ maxlength: "64", required: true });
    const address = input({ required: true, inputmode: "url" });
    const secret = input({ type: "password", autocomplete: "new-password", required: true });
    const tenant = input({});
    const group = input({});
    const requireMa = el("input", { type: "checkbox", checked: true });
    const coaPort = input({ type: "number", min: "1", max: "65535", inputmode: "numeric", value: "3799" });
    const latitude = input({ type: "number", step: "any", min: "-90", max: "90", inputmode: "decimal" });
    const longitude = input({ type: "number", step: "any", min: "-180", max: "180", inputmode: "decimal" });
    const title = el("h3", { id: "nas-form-title", text: t("newNas") });
    const secretHint = el("p", { id: "nas-secret-hint", class: "hint", text: t("secretHintNew") });
    const error = el("p", { class: "error", role: "alert", id: "nas-error" });
    const submit = el("button", { type: "submit", text: t("addNas") });
    const cancel = el("button", { type: "button", class: "secondary", text: t("cancelEdit"), hidden: true, onclick: () => reset(true) });
    let editing = null;
    const number = (v) => (v.value.trim() === "" ? undefined : Number(v.value));
    // An empty coordinate is sent as null, which clears it (absent would keep the stored one).
    const coordinate = (v) => (v.value.trim() === "" ? null : Number(v.value));

    const node = el("form", { class: "create", novalidate: true, "aria-labelledby": "nas-form-title", onsubmit: async (e) => {
      e.preventDefault();
      clearError(error, node);
      // An empty tenant or group is sent as "": the server sets it back to "default" (absent would keep the current one).
      const body = { address: address.value.trim(), tenant: tenant.value.trim(), group: group.value.trim(),
        requireMessageAuthenticator: requireMa.checked, coaPort: number(coaPort), latitude: coordinate(latitude), longitude: coordinate(longitude) };
      if (secret.value) body.secret = secret.value;
      submit.disabled = true;
      try {
        const saved = editing
          ? await api(path(editing), { method: "PATCH", body })
          : await api("/api/admin/nas", { method: "POST", body: { name: name.value.trim(), ...body } });
        // A short secret is saved all the same (a terminal's may be): the server says so, worded here in the page's language.
        const warning = () => (saved.warning?.code === "short_secret"
          ? " " + t("nasShortSecret", { octets: saved.warning.octets, recommended: saved.warning.recommendedOctets }) : "");
        const updated = editing != null;
        const done = () => t(updated ? "nasUpdated" : "nasAdded", { name: saved.name }) + warning();
        reset(false);
        await load(`tr[data-nas="${CSS.escape(saved.name)}"] [data-action="edit"]`);
        show(status, done); // announced once the list shows the change
      } catch (err) {
        showError(error, node, err);
      } finally {
        submit.disabled = false;
      }
    } },
    title,
    el("div", { class: "form-grid" },
      field("nas-name", "terminalName", name, { param: "name" }),
      field("nas-address", "address", address, { param: "address", hintKey: "nasAddressHint" }),
      el("div", { class: "field" }, el("label", { for: "nas-secret", text: t("radiusSecret") }), secret, secretHint),
      field("nas-tenant", "tenant", tenant, { param: "tenant", hintKey: "defaultValueHint" }),
      field("nas-group", "group", group, { param: "group", hintKey: "defaultValueHint" }),
      field("nas-coa", "coaPort", coaPort, { param: "coaPort" }),
      field("nas-lat", "latitude", latitude, { param: "latitude" }),
      field("nas-lon", "longitude", longitude, { param: "longitude" }),
      field("nas-ma", "requireMessageAuthenticator", requireMa, { hintKey: "messageAuthenticatorHint" })),
    error, el("div", { class: "buttons start" }, submit, cancel));
    node.id = "nas-form";
    // Drawn again (the language switched) while changing a terminal: back to changing it, the fields as typed (app.js).
    node.addEventListener("alpi:editing", (e) => editMode(e.detail));
    secret.id = "nas-secret";
    secret.dataset.param = "secret";
    secret.setAttribute("aria-describedby", "nas-secret-hint");

    /** Changing the terminal `nasName`: its name fixed, its secret kept unless one is typed; the fields left as they are. */
    function editMode(nasName) {
      editing = nasName;
      node.dataset.editing = nasName;
      name.readOnly = true;
      secret.required = false;
      title.textContent = t("editNas", { name: nasName });
      secretHint.textContent = t("secretHintEdit");
      submit.textContent = t("saveNas");
      cancel.hidden = false;
    }

    function reset(focusName) {
      editing = null;
      delete node.dataset.editing;
      for (const i of [name, address, secret, tenant, group, latitude, longitude]) i.value = "";
      coaPort.value = "3799";
      requireMa.checked = true;
      name.readOnly = false;
      secret.required = true;
      title.textContent = t("newNas");
      secretHint.textContent = t("secretHintNew");
      submit.textContent = t("addNas");
      cancel.hidden = true;
      clearError(error, node);
      if (focusName) name.focus();
    }

    return {
      node,
      edit(n) {
        name.value = n.name;
        address.value = n.address;
        secret.value = "";
        tenant.value = n.tenant;
        group.value = n.group;
        requireMa.checked = n.requireMessageAuthenticator;
        coaPort.value = String(n.coaPort);
        latitude.value = n.latitude ?? "";
        longitude.value = n.longitude ?? "";
        editMode(n.name);
        clearError(error, node);
        node.scrollIntoView({ block: "start" });
        address.focus();
      },
    };
  }

  let present = true;
  const stop = every(20_000, async () => { if (present) present = await load(); }, ctx.onError);
  return { cleanup: stop };
}
