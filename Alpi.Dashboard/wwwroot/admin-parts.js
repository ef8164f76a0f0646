// Pieces shared by the administration sections: labelled fields, errors that name a field, a confirmation dialog.
import { el, t, show } from "./core.js";
import { refusalText } from "./refusals.js";

/**
 * A labelled field: `<div class="field"><label for=id>…</label> input [hint]</div>`. The input gets `id` and
 * `data-param` (the API's name for it, so that an error naming it finds it), and its hint as accessible description.
 */
export function field(id, labelKey, input, { param, hintKey, hint } = {}) {
  input.id = id;
  if (param) input.dataset.param = param;
  const hintText = hint ?? (hintKey ? t(hintKey) : null);
  if (hintText) input.setAttribute("aria-describedby", `${id}-hint`);
  const label = el("label", { for: id, text: t(labelKey) });
  const hintNode = hintText ? el("p", { id: `${id}-hint`, class: "hint", text: hintText }) : null;
  return input.type === "checkbox"
    ? el("div", { class: "field check" }, el("div", { class: "radio" }, input, label), hintNode)
    : el("div", { class: "field" }, label, input, hintNode);
}

/** Removes the marks of a previous error from `form` and empties `box` (nothing to draw again after a language switch). */
export function clearError(box, form) {
  delete box.alpiShown;
  box.textContent = "";
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    const described = (input.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== box.id);
    if (described.length) input.setAttribute("aria-describedby", described.join(" ")); else input.removeAttribute("aria-describedby");
  }
}

/**
 * Shows an API error in `box` (a role=alert paragraph with an id), in the page's language (refusals.js; the
 * collector's English sentence for a refusal this page does not word). When the API named a field of `form`
 * (`error.parameter`, matched on `data-param`), that field is marked invalid, described by the message, and focused.
 * After a language switch the error is shown again in the new language, on the form drawn again (core.js `show`), its
 * field marked again but not focused (the language menu keeps the focus).
 */
export function showError(box, form, error) {
  clearError(box, form);
  const fieldOf = (inForm) => (error.parameter ? inForm.querySelector(`[data-param="${CSS.escape(error.parameter)}"]`) : null);
  show(box, (node) => {
    const input = fieldOf(node === box ? form : node.closest("form") ?? form);
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", [...new Set([...(input.getAttribute("aria-describedby") || "").split(" "), node.id])].filter(Boolean).join(" "));
    }
    return refusalText(error);
  });
  fieldOf(form)?.focus();
}

/**
 * Asks for confirmation in a modal dialog (title, sentence, a button named `confirmLabel` and Cancel; Escape cancels).
 * Resolves true when confirmed. The focus goes back to what had it.
 */
export function confirmAction(title, sentence, confirmLabel) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    let confirmed = false;
    const box = el("dialog", { class: "dialog", "aria-labelledby": "confirm-title", "aria-describedby": "confirm-text" },
      el("form", { method: "dialog", onsubmit: (e) => { e.preventDefault(); confirmed = true; box.close(); } },
        el("h2", { id: "confirm-title", text: title }),
        el("p", { id: "confirm-text", text: sentence }),
        el("div", { class: "buttons" },
          el("button", { type: "submit", class: "danger", text: confirmLabel }),
          el("button", { type: "button", class: "secondary", text: t("cancel"), onclick: () => box.close() }))));
    box.addEventListener("close", () => {
      box.remove();
      if (opener && document.contains(opener)) opener.focus();
      resolve(confirmed);
    });
    document.body.append(box);
    box.showModal();
    box.querySelector("button.secondary").focus();
  });
}

/** A table with a caption-less accessible name (`labelledBy`), column headers from label keys, and `body`. */
export function table(className, labelledBy, headerKeys, body) {
  return el("div", { class: "scroll" }, el("table", { class: `grid ${className}`, "aria-labelledby": labelledBy },
    el("thead", {}, el("tr", {}, headerKeys.map((k) => el("th", { scope: "col", text: t(k) })))), body));
}

/** A safe id fragment for a name (letters, digits, '-', '_'). */
export const slug = (name) => String(name).replace(/[^A-Za-z0-9_-]/g, "_");
