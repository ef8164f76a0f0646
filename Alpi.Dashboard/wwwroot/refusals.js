// The collector's refusals worded in the dashboard's language. A refusal of the API (an RFC 9457 problem) keeps its
// English sentence in `detail`/`error` for scripts, and carries a stable `code` and the sentence's values in `args`
// (the codes and their values' names: Alpi.Protocols/Json/RefusalCodes.cs, their one source). Each code has a French and
// an English template here; `{name}` is a value of `args`, and a part written `[[…]]` is left out when a value it holds is
// empty (inet_aton reads nothing, no line is known). A code this page does not know (a newer collector) is shown as the
// server's English sentence, as before. A test (tests/Alpi.Dashboard.Tests/RefusalTemplatesTests.cs) checks that every
// code of RefusalCodes has both templates here, with the same values in each.
import { settings } from "./core.js";
import { TEXT } from "./i18n.js";

export const REFUSALS = {
  // ---- Request bodies
  "body.mediaType": {
    fr: "La requête doit être envoyée en JSON (Content-Type: application/json)[[, pas {contentType}]].",
    en: "The request must be sent as JSON (Content-Type: application/json)[[, not {contentType}]].",
  },
  "body.empty": {
    fr: "La requête est vide : du JSON est attendu.",
    en: "The request is empty: JSON is expected.",
  },
  "body.syntax": {
    fr: "La requête n'est pas du JSON valide[[ (ligne {line}, octet {octet})]].",
    en: "The request is not valid JSON[[ (line {line}, octet {octet})]].",
  },
  "body.depth": {
    fr: "Le JSON de la requête est trop imbriqué[[ (ligne {line}, octet {octet})]].",
    en: "The request's JSON is nested too deeply[[ (line {line}, octet {octet})]].",
  },
  "body.shape": {
    fr: "La requête doit être {expected}.",
    en: "The request must be {expected}.",
  },
  "body.required": {
    fr: "La requête doit être un objet JSON avec : {members}.",
    en: "The request must be a JSON object with: {members}.",
  },
  "body.type": {
    fr: "{member} : il faut {expected}.",
    en: "{member}: {expected} is expected.",
  },
  "body.unknownMember": {
    fr: "{member} : champ inconnu[[ ; les champs possibles sont {members}]].",
    en: "{member}: unknown member[[; the members here are {members}]].",
  },
  "body.tooLarge": {
    fr: "La requête fait {length} octets, plus que les {limit} acceptés pour {what}.",
    en: "The request is {length} octets, more than the {limit} accepted for {what}.",
  },
  // ---- Access
  "access.role": {
    fr: "Votre rôle ({role}) ne permet pas cette action.",
    en: "Your role ({role}) does not allow this.",
  },
  "access.scope": {
    fr: "La portée du jeton ({scope}, rôle : {role}) ne permet pas cette action.",
    en: "The token's scope ({scope}, role: {role}) does not allow this.",
  },
  "access.auditUnavailable": {
    fr: "Le journal d'audit ne peut pas être écrit : les données personnelles ne sont pas servies. Voir le journal du collecteur.",
    en: "The audit log cannot be written, so personal data is not served; see the collector's log.",
  },
  // ---- Dashboard accounts
  "account.name.length": {
    fr: "Un nom de compte a de 1 à {max} caractères.",
    en: "An account name has 1 to {max} characters.",
  },
  "account.name.characters": {
    fr: "Le nom de compte « {name} » ne peut contenir que des lettres ASCII (sans accent), des chiffres, « . », « - », « _ » et « @ ».",
    en: "The account name “{name}” may hold only ASCII letters, digits, “.”, “-”, “_” and “@”.",
  },
  "account.role.unknown": {
    fr: "Le rôle « {role} » n'est pas l'un de ceux-ci : {roles}.",
    en: "The role “{role}” is not one of {roles}.",
  },
  "account.password.length": {
    fr: "Un mot de passe a de {min} à {max} caractères ; celui-ci en a {length}.",
    en: "A password has {min} to {max} characters; this one has {length}.",
  },
  "account.password.isName": {
    fr: "Le mot de passe ne doit pas être le nom du compte.",
    en: "The password must not be the account's name.",
  },
  "account.exists": {
    fr: "Le compte « {name} » existe déjà.",
    en: "The account “{name}” already exists.",
  },
  "account.notFound": {
    fr: "Aucun compte ne s'appelle « {name} ».",
    en: "No account is named “{name}”.",
  },
  "account.lastAdministrator": {
    fr: "« {name} » est le dernier administrateur actif : donnez d'abord le rôle d'administrateur à un autre compte.",
    en: "“{name}” is the last enabled administrator: make another account administrator first.",
  },
  // ---- Wi-Fi terminals (NAS)
  "nas.notBundled": {
    fr: "Le contrôleur Wi-Fi ne tourne pas dans ce collecteur (Hotspot:Enabled=false, ou service à part) : gérez ses bornes avec sa commande « nas » ou son API d'administration.",
    en: "The Wi-Fi controller does not run in this collector (Hotspot:Enabled=false, or its own service): manage its terminals with its “nas” command or its administration API.",
  },
  "nas.notFound": {
    fr: "Aucune borne ne s'appelle {name}.",
    en: "No terminal is named {name}.",
  },
  "nas.configured.change": {
    fr: "La borne {name} est déclarée dans la configuration du contrôleur Wi-Fi (Hotspot:Radius:Clients) : modifiez-la là.",
    en: "The terminal {name} is declared in the Wi-Fi controller's configuration (Hotspot:Radius:Clients): change it there.",
  },
  "nas.configured.remove": {
    fr: "La borne {name} est déclarée dans la configuration du contrôleur Wi-Fi (Hotspot:Radius:Clients) : supprimez-la là.",
    en: "The terminal {name} is declared in the Wi-Fi controller's configuration (Hotspot:Radius:Clients): remove it there.",
  },
  "nas.name.required": {
    fr: "Nom de la borne : obligatoire (1 à {max} caractères).",
    en: "Terminal name: required (1 to {max} characters).",
  },
  "nas.name.exists": {
    fr: "Nom de la borne : une borne {name} existe déjà ({source}) ; modifiez-la plutôt que de l'ajouter.",
    en: "Terminal name: a terminal {name} exists already ({source}); change it rather than add it.",
  },
  "nas.name.renamed": {
    fr: "Nom de la borne : une borne ne se renomme pas (son nom est son hôte dans les séries et le journal des connexions) ; ajoutez {renamed} et supprimez {name}.",
    en: "Terminal name: a terminal is not renamed (its name is its host in the stored series and the connection log); add {renamed} and delete {name}.",
  },
  "nas.name.length": {
    fr: "Nom de la borne : 1 à {max} caractères ({length} saisis).",
    en: "Terminal name: 1 to {max} characters are needed ({length} given).",
  },
  "nas.name.start": {
    fr: "Nom de la borne : il commence par une lettre ou un chiffre (par exemple mediatheque-1).",
    en: "Terminal name: it starts with a letter or a digit (e.g. mediatheque-1).",
  },
  "nas.name.combining": {
    fr: "Nom de la borne : un accent combinant ({codePoint}) n'est pas accepté ; tapez la lettre accentuée elle-même (é, et non e suivi d'un accent).",
    en: "Terminal name: a combining accent ({codePoint}) is not allowed; type the accented letter itself (é, not e followed by an accent).",
  },
  "nas.name.fullwidth": {
    fr: "Nom de la borne : « {character} » ({codePoint}) est une forme demi-chasse ou pleine chasse ; tapez le caractère ordinaire[[ (« {ordinary} »)]].",
    en: "Terminal name: “{character}” ({codePoint}) is a halfwidth or fullwidth form; type the ordinary character[[ (“{ordinary}”)]].",
  },
  "nas.name.digit": {
    fr: "Nom de la borne : « {character} » ({codePoint}) est un chiffre d'une autre écriture ; le nom d'une borne prend les chiffres 0 à 9.",
    en: "Terminal name: “{character}” ({codePoint}) is a digit of another script; a terminal's name takes the digits 0 to 9.",
  },
  "nas.name.character": {
    fr: "Nom de la borne : le caractère {kind} ({codePoint}) n'est pas accepté ; le nom d'une borne est fait de lettres, de chiffres, « . », « - » ou « _ » (par exemple mediatheque-1).",
    en: "Terminal name: {kind} ({codePoint}) is not allowed; a terminal's name is letters, digits, “.”, “-” or “_” (e.g. mediatheque-1).",
  },
  "nas.name.case": {
    fr: "Nom de la borne : {name} ne diffère de la borne existante {existing} que par les majuscules ; modifiez celle-ci, ou choisissez un nom qui se lit autrement.",
    en: "Terminal name: {name} differs from the existing terminal {existing} only by case; change that one, or choose a name that reads differently.",
  },
  "nas.name.scripts": {
    fr: "Nom de la borne : « {character} » ({codePoint}) est {script} parmi {main} ; le nom d'une borne s'écrit dans une seule écriture (une lettre d'une autre écriture dessinée comme une lettre de celle-ci fait un nom qui se lit comme un autre).",
    en: "Terminal name: “{character}” ({codePoint}) is {script} among {main}; a terminal's name is written in one script (a letter of another script drawn like one of this script makes a name that reads as another one).",
  },
  "nas.name.lookAlike": {
    fr: "Nom de la borne : « {character} » ({codePoint}) est {script} parmi {main} ; le nom d'une borne s'écrit dans une seule écriture (celui-ci se lit comme la borne existante {existing} : modifiez celle-ci, ou tapez le nom dans une seule écriture).",
    en: "Terminal name: “{character}” ({codePoint}) is {script} among {main}; a terminal's name is written in one script (this one reads as the existing terminal {existing}: change that one, or type the name in one script).",
  },
  "nas.address.required": {
    fr: "Adresse : l'adresse IP ou le réseau de la borne est obligatoire (par exemple 192.0.2.10 ou 192.0.2.0/24).",
    en: "Address: the terminal's IP address or network is required (e.g. 192.0.2.10 or 192.0.2.0/24).",
  },
  "nas.address.brackets": {
    fr: "Adresse : « {address} » : une adresse IPv6 s'écrit sans crochets (et sans port), par exemple 2001:db8::10.",
    en: "Address: “{address}”: an IPv6 address is written without brackets (and without a port): 2001:db8::10.",
  },
  "nas.address.zone": {
    fr: "Adresse : « {address} » : une zone (%…) désigne une interface de cette machine, pas l'adresse d'une borne ; retirez-la.",
    en: "Address: “{address}”: a zone (%…) names an interface of this machine, not a terminal's address; leave it out.",
  },
  "nas.address.hexadecimal": {
    fr: "Adresse : « {address} » : la partie {part} est en hexadécimal[[ (inet_aton la lit comme {readAs})]] ; écrivez chaque partie en décimal, de 0 à 255, comme dans 192.0.2.10.",
    en: "Address: “{address}”: the part {part} is hexadecimal[[ (inet_aton reads the address as {readAs})]]; write each part in decimal, 0 to 255, as in 192.0.2.10.",
  },
  "nas.address.octal": {
    fr: "Adresse : « {address} » : la partie {part} commence par un zéro, qu'inet_aton lit en octal[[ (il lit l'adresse comme {readAs})]] ; écrivez {meant} si c'est l'adresse voulue (sans zéro en tête).",
    en: "Address: “{address}”: the part {part} has a leading zero, which inet_aton reads as octal[[ (inet_aton reads the address as {readAs})]]; write {meant} if that is the address meant (no leading zeros).",
  },
  "nas.address.parts": {
    fr: "Adresse : « {address} » n'a pas quatre parties (elle en a {parts})[[ (inet_aton la lit comme {readAs})]] ; une adresse IPv4 s'écrit avec quatre nombres de 0 à 255, comme dans 192.0.2.10.",
    en: "Address: “{address}” is not four parts (it has {parts})[[ (inet_aton reads the address as {readAs})]]; an IPv4 address is written as four numbers 0 to 255, as in 192.0.2.10.",
  },
  "nas.address.prefix": {
    fr: "Adresse : « {address} » : la longueur de préfixe /{prefix} n'est pas un nombre de 0 à {max} écrit sans signe ni zéro en tête (par exemple /24).",
    en: "Address: “{address}”: the prefix length /{prefix} is not a number 0 to {max} written without a sign or leading zeros (e.g. /24).",
  },
  "nas.address.unreadable": {
    fr: "Adresse : « {address} » n'est ni une adresse IP ni un réseau CIDR (par exemple 192.0.2.10 ou 192.0.2.0/24).",
    en: "Address: “{address}” is not an IP address or a CIDR network (e.g. 192.0.2.10 or 192.0.2.0/24).",
  },
  "nas.address.inUse": {
    fr: "Adresse : {address} est déjà l'adresse de la borne {name} ({source}) ; RADIUS reconnaît une borne à l'adresse source de ses requêtes (RFC 2865 §3), une seule des deux serait donc reconnue : modifiez ou supprimez d'abord l'autre.",
    en: "Address: {address} is already the address of the terminal {name} ({source}); RADIUS knows a terminal by the source address of its requests (RFC 2865 §3), so only one of the two would be recognised: change or remove the other first.",
  },
  "nas.secret.required": {
    fr: "Secret partagé RADIUS : obligatoire.",
    en: "RADIUS shared secret: required.",
  },
  "nas.secret.length": {
    fr: "Secret partagé RADIUS : {octets} octets, plus que les {max} acceptés.",
    en: "RADIUS shared secret: {octets} octets is more than the {max} taken.",
  },
  "nas.label.length": {
    fr: "{member} : {max} caractères au plus ({length} saisis).",
    en: "{member}: at most {max} characters ({length} given).",
  },
  "nas.label.control": {
    fr: "{member} : les caractères de contrôle (retours à la ligne, tabulations…) ne sont pas acceptés.",
    en: "{member}: control characters (line breaks, tabs…) are not allowed.",
  },
  "nas.tenant.topic": {
    fr: "Collectivité : « / », « + » et « # » ne sont pas acceptés (la collectivité est un niveau des sujets MQTT).",
    en: "Member: “/”, “+” and “#” are not allowed (the member is a level of MQTT topics).",
  },
  "nas.coaPort.range": {
    fr: "Port CoA : {port} n'est pas compris entre 1 et 65535.",
    en: "CoA port: {port} is not 1 to 65535.",
  },
  "nas.latitude.range": {
    fr: "Latitude : {latitude} n'est pas comprise entre -90 et 90 (degrés WGS 84).",
    en: "Latitude: {latitude} is not -90 to 90 (WGS 84 degrees).",
  },
  "nas.longitude.range": {
    fr: "Longitude : {longitude} n'est pas comprise entre -180 et 180 (degrés WGS 84).",
    en: "Longitude: {longitude} is not -180 to 180 (WGS 84 degrees).",
  },
  "nas.longitude.missing": {
    fr: "Longitude : une latitude sans longitude ne place la borne nulle part sur la carte ; donnez les deux (degrés WGS 84) ou aucune.",
    en: "Longitude: a latitude without a longitude places the terminal nowhere on the map; give both (WGS 84 degrees) or neither.",
  },
  "nas.latitude.missing": {
    fr: "Latitude : une longitude sans latitude ne place la borne nulle part sur la carte ; donnez les deux (degrés WGS 84) ou aucune.",
    en: "Latitude: a longitude without a latitude places the terminal nowhere on the map; give both (WGS 84 degrees) or neither.",
  },
  // ---- Problems: acknowledgements and silences
  "alert.notFound": {
    fr: "Le problème {id} n'existe pas.",
    en: "There is no alert {id}.",
  },
  "alert.resolved": {
    fr: "Le problème {id} est résolu.",
    en: "Alert {id} is resolved.",
  },
  "alert.pending": {
    fr: "Le problème {id} est en attente : il n'y a encore rien à acquitter.",
    en: "Alert {id} is pending: there is nothing to acknowledge yet.",
  },
  "alert.acknowledged": {
    fr: "Le problème {id} est déjà acquitté.",
    en: "Alert {id} is already acknowledged.",
  },
  "alerting.disabled": {
    fr: "{what} : indisponible, le moteur d'alertes n'est pas configuré.",
    en: "{what}: not available, the alert engine is not configured.",
  },
  // ---- Maintenance windows
  "matcher.required": {
    fr: "Indiquez au moins une collectivité, un hôte, une règle, une gravité ou une étiquette.",
    en: "Give at least a member, a host, a rule, a severity or a label.",
  },
  "matcher.pattern": {
    fr: "{key} : « {pattern} » n'est pas un motif valide ({reason}).",
    en: "{key}: “{pattern}” is not a valid pattern ({reason}).",
  },
  "maintenance.notFound": {
    fr: "La fenêtre de maintenance {id} n'existe pas (ou plus).",
    en: "There is no maintenance window {id} (any more).",
  },
  "maintenance.inFile": {
    fr: "La fenêtre de maintenance {id} vient du fichier d'astreinte : modifiez-la là.",
    en: "The maintenance window {id} comes from the on-call file: change it there.",
  },
  // ---- Wi-Fi session search
  "wifi.search.criterion": {
    fr: "Donnez au moins une borne, une période, un utilisateur, une adresse MAC ou une adresse IP.",
    en: "Give at least a terminal, a period, a user, a MAC or an IP address.",
  },
  "wifi.search.time": {
    fr: "{parameter} : « {value} » n'est pas une date ISO 8601 comme 2026-11-29T14:00:00Z.",
    en: "{parameter}: “{value}” is not an ISO-8601 time such as 2026-11-29T14:00:00Z.",
  },
  "wifi.search.range": {
    fr: "Du : le début ({from}) est après la fin ({to}).",
    en: "From: the start ({from}) is after the end ({to}).",
  },
  "wifi.search.mac": {
    fr: "Adresse MAC : « {value} » n'est pas une adresse MAC comme AA-BB-CC-DD-EE-FF.",
    en: "MAC address: “{value}” is not a MAC address such as AA-BB-CC-DD-EE-FF.",
  },
  "wifi.search.ip": {
    fr: "Adresse IP : « {value} » n'est pas une adresse IPv4 ou IPv6.",
    en: "IP address: “{value}” is not an IPv4 or IPv6 address.",
  },
  "wifi.search.limit": {
    fr: "Limite : « {value} » doit être un nombre entier de 1 à {max}.",
    en: "Limit: “{value}” must be a whole number from 1 to {max}.",
  },
  "wifi.search.unavailable": {
    fr: "Aucun contrôleur Wi-Fi ne tourne dans le collecteur : cherchez ses sessions avec sa propre API d'administration.",
    en: "No Wi-Fi controller runs in the collector: search its sessions with its own administration API.",
  },
  // ---- Alert rules
  "rules.text.required": {
    fr: "Le texte du fichier de règles (YAML) est obligatoire.",
    en: "The rule file's text (YAML) is required.",
  },
  "rules.text.length": {
    fr: "Le texte fait {length} caractères, plus que les {max} qu'un fichier de règles peut avoir.",
    en: "The text is {length} characters, more than the {max} a rule file may have.",
  },
  // ---- On call: maintenance windows typed in the form, their patterns, silences (a block of its own, for merges)
  "matcher.regex": {
    fr: "{key} : « {pattern} » n'est pas une expression régulière valide : {problem}[[ (caractère {position} du motif)]].",
    en: "{key}: “{pattern}” is not a valid regular expression: {problem}[[ (character {position} of the pattern)]].",
  },
  "maintenance.name.length": {
    fr: "Nom : {max} caractères au plus ({length} saisis).",
    en: "Name: at most {max} characters ({length} given).",
  },
  "maintenance.name.control": {
    fr: "Nom : le caractère de contrôle ou invisible {codePoint} (tabulation, retour à la ligne, espace sans largeur…) n'est pas accepté.",
    en: "Name: the control or invisible character {codePoint} (a tab, a line break, a zero-width space…) is not allowed.",
  },
  "maintenance.name.blank": {
    fr: "Nom : un nom visible est demandé, sans espace au début ni à la fin.",
    en: "Name: a visible name is required, without spaces before or after it.",
  },
  "maintenance.name.missing": {
    fr: "Nom : obligatoire ; quelques mots qui nomment la fenêtre (la vue d'astreinte et l'historique des problèmes les affichent).",
    en: "Name: required; a few words naming the window (the on-call view and the alerts' history show them).",
  },
  "maintenance.name.inFile": {
    fr: "Nom : le fichier d'astreinte a déjà une fenêtre « {name} » ; choisissez un autre nom.",
    en: "Name: the on-call file has a window “{name}” already; choose another name.",
  },
  "maintenance.name.exists": {
    fr: "Nom : la fenêtre « {name} » (n° {id}) existe déjà ; terminez-la ou choisissez un autre nom.",
    en: "Name: the window “{name}” (no. {id}) exists already; end it or choose another name.",
  },
  "maintenance.once.past": {
    fr: "Au : la fenêtre se termine le {to} ({timeZone}), moment déjà passé ; elle ne suspendrait rien.",
    en: "To: the window ends at {to} ({timeZone}), which is past; it would hold back nothing.",
  },
  "maintenance.once.reversed": {
    fr: "Au : la fenêtre finirait le {to}, avant ou au moment où elle commence ({from}, {timeZone}) ; « Au » doit être après « Du ».",
    en: "To: the window would end at {to}, not after it starts ({from}, {timeZone}); “To” must be after “From”.",
  },
  "maintenance.once.time": {
    fr: "{member} : « {value} » n'est pas une date et heure comme 2026-12-24 18:00 (heure du fuseau de la fenêtre) ou 2026-12-24T17:00:00Z (ISO 8601 avec son décalage).",
    en: "{member}: “{value}” is not a date and time such as 2026-12-24 18:00 (in the window's time zone) or 2026-12-24T17:00:00Z (ISO 8601 with its offset).",
  },
  "maintenance.comment.length": {
    fr: "Commentaire : {max} caractères au plus ({length} saisis).",
    en: "Comment: at most {max} characters ({length} given).",
  },
  "silence.time": {
    fr: "{member} : « {value} » n'est pas une date ISO 8601 avec son décalage (par exemple 2026-12-01T20:00:00+01:00).",
    en: "{member}: “{value}” is not an ISO-8601 time with its offset (e.g. 2026-12-01T20:00:00+01:00).",
  },
  "silence.duration": {
    fr: "Durée : « {value} » n'est pas une durée positive (par exemple 2h).",
    en: "Duration: “{value}” is not a positive duration (e.g. 2h).",
  },
  "silence.end": {
    fr: "Fin : indiquez une fin (endsAt) ou une durée (duration, par exemple 2h).",
    en: "End: give an end (endsAt) or a duration (duration, e.g. 2h).",
  },
  "silence.endsAt.past": {
    fr: "Fin : la suspension se terminerait le {endsAt}, moment déjà passé ; elle ne suspendrait rien.",
    en: "End: the silence would end at {endsAt}, which is past; it would hold back nothing.",
  },
  "silence.endsAt.beforeStart": {
    fr: "Fin : la fin ({endsAt}) n'est pas après le début ({startsAt}).",
    en: "End: the end ({endsAt}) is not after the start ({startsAt}).",
  },
  "silence.end.ambiguous": {
    fr: "Fin et durée : les deux sont données (« {endsAt} » et « {duration} ») ; indiquez la fin ou la durée, pas les deux.",
    en: "End and duration: both are given (“{endsAt}” and “{duration}”); give the end or the duration, not both.",
  },
};

// What is wrong with a regular expression (`problem` of matcher.regex), per language.
const REGEX_PROBLEMS = {
  unclosedGroup: ["une parenthèse ouverte n'est jamais fermée", "a parenthesis is opened and never closed"],
  unopenedGroup: ["une parenthèse est fermée sans avoir été ouverte", "a parenthesis is closed that was never opened"],
  unclosedClass: ["un crochet [ ouvert n'est jamais fermé", "a [ is opened and never closed"],
  nothingToRepeat: ["*, + ou ? ne suit rien (pour un joker, écrivez la valeur sans ~, comme borne-*)", "*, + or ? follows nothing (for a wildcard, write the value without ~, as borne-*)"],
  nestedQuantifier: ["deux répétitions se suivent (comme ** ou +*)", "two repetitions follow each other (such as ** or +*)"],
  endingBackslash: ["elle finit par un \\ qui n'échappe rien", "it ends with a \\ that escapes nothing"],
  reversedRange: ["un intervalle de caractères est écrit à l'envers (z-a)", "a range of characters is written backwards (z-a)"],
  reversedCount: ["un nombre de répétitions {n,m} est écrit à l'envers", "a count {n,m} is written backwards"],
  badEscape: ["une séquence d'échappement (\\…) n'en est pas une", "an escape sequence (\\…) is not one"],
  badGroup: ["un groupe (?…) est mal écrit", "a group (?…) is not written correctly"],
  unsupported: ["elle utilise une assertion (?=…), une référence arrière ou une autre construction non prise en charge ici", "it uses a look-around, back-reference or other construct not supported here"],
  tooLarge: ["ses répétitions se multiplient en une expression trop grande pour être exécutée (comme (a{1000}){1000}) ; réduisez les nombres de répétitions", "its repetitions multiply into an expression too large to run (such as (a{1000}){1000}); use smaller counts"],
  other: ["elle est mal formée", "it is malformed"],
};

// Adjectives of the scripts the terminal-name check names (Alpi.HotspotController/Nas/NasNameLookAlikes.cs), feminine.
const SCRIPT_FR = {
  Latin: ["latine", "latines"], Cyrillic: ["cyrillique", "cyrilliques"], Greek: ["grecque", "grecques"], Arabic: ["arabe", "arabes"],
  Armenian: ["arménienne", "arméniennes"], Hebrew: ["hébraïque", "hébraïques"], Georgian: ["géorgienne", "géorgiennes"],
  Cherokee: ["cherokee", "cherokees"], Han: ["han", "han"], Hiragana: ["hiragana", "hiragana"], Katakana: ["katakana", "katakana"],
  Hangul: ["hangûl", "hangûl"], Bopomofo: ["bopomofo", "bopomofo"],
};

// English words the server gives as values (`expected` of a member, a field's name, a source), in the page's language.
const EXPECTED_FR = {
  "a string": "une chaîne de caractères", "a whole number": "un nombre entier", "a number": "un nombre", "true or false": "true ou false",
  "a JSON object": "un objet JSON", "a JSON value": "une valeur JSON", "an array": "un tableau", "an object of names and values": "un objet de noms et de valeurs",
  "an array of strings": "un tableau de chaînes de caractères", "an array of whole numbers": "un tableau de nombres entiers",
  "an identifier (GUID) as a string": "un identifiant (GUID) en chaîne de caractères",
};

/** A role's label in `lang` (technicien, lecture seule…), or the value as sent for a role the page does not know. */
const roleLabel = (lang) => (v) => (/^[a-z]+$/.test(v) && TEXT[lang]?.[`role_${v}`]) || v;

/** How a value is worded, by its name in `args`, per language; a value not listed is shown as sent. */
const WORDS = {
  role: { fr: roleLabel("fr"), en: roleLabel("en") },
  roles: { fr: (v) => v.split(", ").map(roleLabel("fr")).join(", "), en: (v) => v.split(", ").map(roleLabel("en")).join(", ") },
  expected: { fr: (v) => EXPECTED_FR[v] ?? v, en: (v) => v },
  script: { fr: (v) => (v ? `une lettre ${SCRIPT_FR[v]?.[0] ?? v}` : "une lettre d'une autre écriture"), en: (v) => (v ? `a ${v} letter` : "a letter of another script") },
  main: { fr: (v) => (v ? `des lettres ${SCRIPT_FR[v]?.[1] ?? v}` : "des lettres d'une autre écriture"), en: (v) => (v ? `${v} letters` : "letters of another script") },
  source: {
    fr: (v) => ({ database: "enregistrée", configuration: "dans Hotspot:Radius:Clients" }[v] ?? v),
    en: (v) => ({ database: "stored", configuration: "in Hotspot:Radius:Clients" }[v] ?? v),
  },
  kind: {
    fr: (v, args) => ({ control: "de contrôle", space: "espace" }[v] ?? `« ${args.character ?? ""} »`),
    en: (v, args) => ({ control: "a control character", space: "a space" }[v] ?? `“${args.character ?? ""}”`),
  },
  member: {
    fr: (v) => ({ tenant: "Collectivité", group: "Groupe", startsAt: "Début", endsAt: "Fin", "once.from": "Du", "once.to": "Au" }[v] ?? v),
    en: (v) => ({ tenant: "Member", group: "Group", startsAt: "Start", endsAt: "End", "once.from": "From", "once.to": "To" }[v] ?? v),
  },
  problem: { fr: (v) => (REGEX_PROBLEMS[v] ?? REGEX_PROBLEMS.other)[0], en: (v) => (REGEX_PROBLEMS[v] ?? REGEX_PROBLEMS.other)[1] },
  key: {
    fr: (v) => ({ tenant: "Collectivité", host: "Hôte", rule: "Règle", severity: "Gravité" }[v] ?? v),
    en: (v) => ({ tenant: "Member", host: "Host", rule: "Rule", severity: "Severity" }[v] ?? v),
  },
  parameter: { fr: (v) => ({ from: "Du", to: "Au" }[v] ?? v), en: (v) => ({ from: "From", to: "To" }[v] ?? v) },
  what: {
    fr: (v) => ({ silences: "Suspensions", maintenance: "Fenêtres de maintenance" }[v] ?? v),
    en: (v) => ({ silences: "Silences", maintenance: "Maintenance windows" }[v] ?? v),
  },
};

/**
 * The sentence of `code` in `lang` with `args`, or null when the page has no template for it or `args` lacks a value
 * the template needs outside `[[…]]` (a collector of another version: its English sentence is then shown). `[[…]]` parts
 * whose values are all given are kept (without the brackets), the others left out.
 */
export function refusalSentence(code, args = {}, lang = settings.lang) {
  const entry = REFUSALS[code];
  const template = entry?.[lang] ?? entry?.fr;
  if (!template) return null;
  const values = args && typeof args === "object" ? args : {};
  const shown = visibleValues(values);
  const word = (name) => {
    const raw = shown[name];
    const words = WORDS[name]?.[lang];
    return words ? words(raw, shown) : shownValue(name, raw, lang);
  };
  const given = (part) => [...part.matchAll(/\{(\w+)\}/g)].every(([, name]) => values[name] != null && values[name] !== "");
  const needed = template.replace(/\[\[.*?\]\]/g, "");
  if (![...needed.matchAll(/\{(\w+)\}/g)].every(([, name]) => values[name] != null)) return null;
  return template
    .replace(/\[\[(.*?)\]\]/g, (m, part) => (given(part) ? part : ""))
    .replace(/\{(\w+)\}/g, (m, name) => word(name));
}

/**
 * What to show for a failed API call: the refusal in the page's language when the collector gave a code this page
 * words, else the collector's own sentence (English), else the error's message (no answer, or one without a body).
 */
export function refusalText(error) {
  // Several reasons at once (two bad patterns of a window): each one, worded as a refusal of its own.
  if (Array.isArray(error?.errors) && error.errors.length > 1) {
    return error.errors.map((e) => (e?.code && refusalSentence(e.code, e.args)) || e?.detail || "").filter(Boolean).join(" ");
  }
  return (error?.code && refusalSentence(error.code, error.args)) || error?.reason || error?.message || String(error);
}

// ---- How a value is shown in a sentence (times, numbers, invisible characters), per language -----------------------
// A new user's check: a refused period showed its raw UTC ISO times, French sentences showed "95.5", and a value holding
// a zero-width space was shown as if it held nothing wrong. The values in `args` stay as the server sent them.

/** Values that are times (ISO 8601, UTC from the server): shown in the page's language and the browser's time zone. */
const TIME_VALUES = new Set(["from", "to", "startsAt", "endsAt"]);

/** Values that are numbers (invariant culture from the server: "95.5", "1048576"): shown with the language's separators. */
const NUMBER_VALUES = new Set(["latitude", "longitude", "length", "limit", "max", "min", "octets", "parts", "line", "octet"]);

/**
 * Characters a reader cannot see or tell from a space: controls, format characters (zero-width space and joiners, BOM,
 * bidirectional marks, soft hyphen), line and paragraph separators, spaces other than U+0020 (no-break, thin,
 * ideographic…), and the fillers and variation selectors drawn as nothing.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}\u034F\u115F\u1160\u3164\uFFA0\u180B-\u180F\uFE00-\uFE0F]/gu;

/** `text` with each invisible character written as its code point in brackets: "jean\u200Bdupont" → "jean[U+200B]dupont". */
export function showInvisible(text) {
  return text.replace(INVISIBLE, (c) => (c === " " ? c : `[U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}]`));
}

/** Every value of `values` as text (null as ""), its invisible characters shown (showInvisible). */
function visibleValues(values) {
  const shown = {};
  for (const [name, value] of Object.entries(values)) shown[name] = value == null ? "" : showInvisible(String(value));
  return shown;
}

/** A value without a WORDS entry as the sentence shows it in `lang`: a time or a number by its name, else as sent. */
function shownValue(name, text, lang) {
  if (TIME_VALUES.has(name)) return localTime(text, lang);
  if (NUMBER_VALUES.has(name)) return localNumber(text, lang);
  return text;
}

const numberFormats = new Map();
const numberFormat = (lang) => numberFormats.get(lang)
  ?? numberFormats.set(lang, new Intl.NumberFormat(lang, { maximumFractionDigits: 0 })).get(lang);

/**
 * A number written in invariant culture ("95.5", "-12", "1048576") written in `lang` ("95,5", "-12", "1 048 576" in
 * French), its digits kept as sent (no rounding); anything else (an exponent, a word) as sent.
 */
export function localNumber(text, lang = settings.lang) {
  const m = /^([-+]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m || !Number.isSafeInteger(Number(m[2]))) return text;
  const format = numberFormat(lang);
  const point = new Intl.NumberFormat(lang).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  return `${m[1]}${format.format(Number(m[2]))}${m[3] ? point + m[3] : ""}`;
}

const timeFormats = new Map();
const timeFormat = (lang, seconds) => {
  const key = `${lang}|${seconds}`;
  return timeFormats.get(key) ?? timeFormats.set(key, new Intl.DateTimeFormat(lang,
    { dateStyle: "short", timeStyle: seconds ? "medium" : "short", hourCycle: "h23" })).get(key);
};

/**
 * An ISO 8601 time ("2026-12-02T10:05:00.0000000+00:00") in `lang` and the browser's time zone ("02/12/2026 11:05" in
 * French in Paris), with its seconds when it has some; text that is not one, as sent.
 */
export function localTime(text, lang = settings.lang) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return text;
  // JavaScript reads milliseconds, not .NET's seven fractional digits.
  const at = new Date(text.replace(/(\.\d{3})\d+/, "$1"));
  if (Number.isNaN(at.getTime())) return text;
  return timeFormat(lang, at.getSeconds() !== 0 || at.getMilliseconds() !== 0).format(at);
}
