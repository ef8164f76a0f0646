// Alpi login page: labels in French (default) or English (the dashboard's choice, kept in localStorage "alpi.lang",
// or ?lang=en), the message named by ?error=… or ?loggedOut, and the page to return to. Only fixed texts are shown:
// nothing from the address bar is ever inserted into the page.
(function () {
  "use strict";
  const TEXT = {
    fr: {
      page: "Connexion — Alpi", brand: "Alpi — supervision", language: "Langue", title: "Connexion",
      username: "Identifiant", password: "Mot de passe", submit: "Se connecter",
      hint: "Pas encore de compte ? Un administrateur d'Alpi peut vous en créer un.",
      invalid: "Identifiant ou mot de passe incorrect, ou compte verrouillé pour quelques minutes après trop d'essais.",
      throttled: "Trop de tentatives depuis cette adresse : réessayez dans une minute.",
      failed: "La connexion a échoué : réessayez.",
      loggedOut: "Vous êtes déconnecté.",
    },
    en: {
      page: "Log in — Alpi", brand: "Alpi — monitoring", language: "Language", title: "Log in",
      username: "User name", password: "Password", submit: "Log in",
      hint: "No account yet? An Alpi administrator can create one for you.",
      invalid: "Wrong user name or password, or the account is locked for a few minutes after too many attempts.",
      throttled: "Too many attempts from this address: try again in a minute.",
      failed: "Logging in failed: try again.",
      loggedOut: "You are logged out.",
    },
  };
  const params = new URLSearchParams(location.search);
  const stored = (() => { try { return localStorage.getItem("alpi.lang"); } catch { return null; } })();
  let lang = TEXT[params.get("lang")] ? params.get("lang") : TEXT[stored] ? stored : "fr";
  const error = params.get("error");
  const messageKey = error === "invalid" || error === "throttled" ? error : error ? "failed" : null;

  function apply() {
    const t = TEXT[lang];
    document.documentElement.lang = lang;
    document.title = t.page;
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t[node.dataset.i18n];
    document.getElementById("lang").value = lang;
    const message = document.getElementById("message");
    message.hidden = !messageKey;
    message.textContent = messageKey ? t[messageKey] : "";
    const status = document.getElementById("status");
    status.hidden = !params.has("loggedOut") || !!messageKey;
    status.textContent = status.hidden ? "" : t.loggedOut;
  }

  // Back to the page asked for, hash included (the server never sees it); only a path of this server.
  const back = params.get("returnUrl") || "/";
  const local = back.startsWith("/") && !back.startsWith("//") && !back.startsWith("/\\");
  document.getElementById("returnUrl").value = (local ? back : "/") + (location.hash || "");

  if (messageKey === "invalid") {
    for (const id of ["username", "password"]) {
      const input = document.getElementById(id);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", "message");
    }
  }

  document.getElementById("lang").addEventListener("change", (e) => {
    lang = TEXT[e.target.value] ? e.target.value : "fr";
    try { localStorage.setItem("alpi.lang", lang); } catch { /* private mode: the choice lasts this page */ }
    apply();
  });
  apply();
})();
