// Labels of the dashboard, French first (the default), then English.
window.AlpiText = {
  fr: {
    brand: "Alpi — supervision", language: "Langue", loading: "Chargement…",
    hosts: "Hôtes", tenant: "Collectivité", host: "Hôte", status: "État", lastSeen: "Vu pour la dernière fois",
    online: "en ligne", offline: "hors ligne", unknown: "inconnu", noHosts: "Aucun hôte n'a encore envoyé de mesures.",
    hostNotFound: "Cet hôte est inconnu du collecteur : vérifiez le lien ou revenez à la liste des hôtes.",
    back: "← Tous les hôtes", range: "Période", m15: "15 min", h1: "1 h", h24: "24 h",
    cpu: "Processeur (%)", mem: "Mémoire utilisée (%)", disk: "Disques utilisés (%)", net: "Réseau (octets/s)",
    user: "utilisateur", system: "système", iowait: "attente E/S", used: "utilisée",
    recv: "reçus", sent: "envoyés", noData: "Pas encore de données sur cette période.",
    updated: "Mis à jour à", os: "Système", kernel: "Noyau", agent: "Agent", addresses: "Adresses IP",
    malformed: "Lignes rejetées", error: "Le collecteur ne répond pas :", ago: "il y a", seconds: "s",
    time: "Heure", latest: "dernière valeur :",
  },
  en: {
    brand: "Alpi — monitoring", language: "Language", loading: "Loading…",
    hosts: "Hosts", tenant: "Member", host: "Host", status: "Status", lastSeen: "Last seen",
    online: "online", offline: "offline", unknown: "unknown", noHosts: "No host has sent metrics yet.",
    hostNotFound: "The collector does not know this host: check the link or go back to the hosts list.",
    back: "← All hosts", range: "Range", m15: "15 min", h1: "1 h", h24: "24 h",
    cpu: "CPU (%)", mem: "Memory used (%)", disk: "Disks used (%)", net: "Network (bytes/s)",
    user: "user", system: "system", iowait: "I/O wait", used: "used",
    recv: "received", sent: "sent", noData: "No data in this range yet.",
    updated: "Updated at", os: "System", kernel: "Kernel", agent: "Agent", addresses: "IP addresses",
    malformed: "Rejected lines", error: "The collector does not answer:", ago: "", seconds: "s ago",
    time: "Time", latest: "latest value:",
  },
};
