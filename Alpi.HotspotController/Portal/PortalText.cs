using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Authentication;
using Microsoft.AspNetCore.Http;

namespace Alpi.HotspotController.Portal;

/// <summary>
/// The portal's words, French first (the default) and English. The language is the <c>alpi_lang</c> cookie set by
/// the switch in the page header, else the first of <c>fr</c>/<c>en</c> in <c>Accept-Language</c> by quality, else French.
/// Texts with <c>{0}</c> are composite formats.
/// </summary>
public sealed record PortalText
{
    /// <summary>Name of the cookie that remembers the chosen language (<c>fr</c> or <c>en</c>).</summary>
    public const string LanguageCookie = "alpi_lang";

    /// <summary>French (the default).</summary>
    public static PortalText French { get; } = new()
    {
        Lang = "fr", Brand = "Cigale — Wi-Fi public", BrandName = "Cigale", SwitchTo = "English", SwitchToLang = "en", SwitchLabel = "Read this page in English",
        Terms = "Conditions d'utilisation", Privacy = "Données personnelles", Account = "Mon compte",
        NotYetTitle = "Connexion au Wi-Fi public Cigale",
        NotYetIntro = "Accès gratuit à Internet. Créez un compte une seule fois : vos appareils seront ensuite reconnus à toutes les bornes Cigale du département.",
        LoginHeading = "J'ai déjà un compte", RegisterHeading = "Créer un compte",
        Email = "Adresse e-mail", Password = "Mot de passe",
        PasswordHint = "Au moins {0} caractères et au plus {1} (moins avec des lettres accentuées, des emojis ou d'autres alphabets, qui prennent plus de place).",
        LoginButton = "Se connecter", RegisterButton = "Créer mon compte et me connecter",
        AcceptTermsBefore = "J'accepte les ", AcceptTermsLink = "conditions d'utilisation",
        AcknowledgePrivacyBefore = "J'ai lu la ", AcknowledgePrivacyLink = "notice sur les données personnelles",
        DeviceNote = "Cet appareil ({0}) sera enregistré sur votre compte et reconnu automatiquement à toutes les bornes Cigale pendant {1} jours après sa dernière connexion.",
        WrongCredentials = "Adresse e-mail ou mot de passe incorrect.",
        AccountBlocked = "Ce compte est bloqué. Contactez l'accueil du lieu ou l'opérateur du réseau.",
        DeviceBlocked = "Cet appareil ({0}) est bloqué par l'opérateur du réseau : il ne peut pas se connecter au Wi-Fi Cigale, quel que soit le compte utilisé. Adressez-vous à l'accueil du lieu ou à l'opérateur du réseau.",
        EmailInvalid = "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.",
        EmailCharacterRefused = "L'adresse e-mail contient {0} ({1}), qui n'est pas admis : retapez-la plutôt que de la coller.",
        RefusedCharacterNames = new Dictionary<RefusedCharacterKind, string>
        {
            [RefusedCharacterKind.Control] = "un caractère de contrôle",
            [RefusedCharacterKind.Format] = "un caractère invisible",
            [RefusedCharacterKind.Space] = "un espace",
            [RefusedCharacterKind.LineSeparator] = "un saut de ligne",
            [RefusedCharacterKind.PrivateUse] = "un caractère à usage privé",
            [RefusedCharacterKind.Unassigned] = "un point de code non attribué",
            [RefusedCharacterKind.LoneSurrogate] = "une moitié de caractère (surrogate isolé)",
        },
        PasswordTooShort = "Le mot de passe doit compter au moins {0} caractères.",
        PasswordTooLong = "Le mot de passe est trop long : au plus {0} caractères, moins avec des lettres accentuées (é, ç…), des emojis ou d'autres alphabets, qui prennent plus de place. Raccourcissez-le.",
        TermsRequired = "Acceptez les conditions d'utilisation pour créer un compte.",
        PrivacyRequired = "Confirmez avoir lu la notice sur les données personnelles.",
        AccountExists = "Un compte existe déjà avec cette adresse : connectez-vous avec son mot de passe.",
        FormProblem = "Le formulaire contient une erreur :",
        OperatorNotConfigured = "l'opérateur du réseau (non renseigné dans la configuration du portail)",
        FactNotConfigured = "adresse non renseignée dans la configuration du portail",
        FormTooLargeTitle = "Formulaire trop volumineux",
        FormTooLarge = "Ce formulaire dépasse la taille admise : {0} Kio par champ, {1} Kio et {2} champs pour le formulaire entier. Raccourcissez le texte saisi puis réessayez.",
        FormExpiredTitle = "Formulaire expiré",
        FormExpired = "Ce formulaire a expiré ou n'est plus valide. Ouvrez à nouveau une page web pour être redirigé vers la page de connexion.",
        SuccessTitle = "Vous êtes connecté", SuccessBody = "Bonne navigation sur le réseau Cigale.",
        ContinueTo = "Continuer vers la page demandée :",
        FailedTitle = "La connexion a échoué",
        FailedBody = "Vérifiez votre adresse e-mail et votre mot de passe, puis réessayez.",
        TokenForAnotherDevice = "Cette connexion avait été préparée pour un autre appareil : elle ne vaut que pour lui. Connectez-vous depuis cette page, sur l'appareil à connecter.",
        FailedGeneric = "La borne a refusé la connexion. Réessayez ; si le refus se répète, adressez-vous à l'accueil du lieu ou à l'opérateur du réseau.",
        LogoffTitle = "Vous êtes déconnecté", LogoffBody = "Merci d'avoir utilisé le Wi-Fi public Cigale. À bientôt !",
        AlreadyTitle = "Vous êtes déjà connecté", AlreadyBody = "Cet appareil a déjà accès à Internet.",
        HomeTitle = "Wi-Fi public Cigale",
        HomeBody = "Pour vous connecter, rejoignez un réseau Wi-Fi Cigale puis ouvrez une page web : la borne vous conduira ici.",
        BadLinkTitle = "Lien de connexion invalide",
        BadLink = "Le lien reçu de la borne est incomplet ou mal formé (paramètre « {0} »). Ouvrez à nouveau une page web pour être redirigé.",
        TamperedTitle = "Lien de connexion altéré",
        Tampered = "La signature de ce lien ne correspond pas : il a peut-être été modifié. Par sécurité, il est refusé. Ouvrez à nouveau une page web pour obtenir un lien neuf de la borne.",
        TooManyTitle = "Trop de tentatives",
        TooMany = "Trop de tentatives de connexion depuis cet appareil ou ce réseau. Patientez {0} secondes puis réessayez.",
        AccountTitle = "Mon compte", AccountLoginIntro = "Connectez-vous pour voir vos appareils ou supprimer votre compte.",
        SignedInAs = "Connecté en tant que {0}.", Devices = "Mes appareils",
        DeviceMac = "Adresse MAC", DeviceRegistered = "Enregistré le", DeviceLastSeen = "Dernière connexion", DeviceExpires = "Reconnu jusqu'au",
        RemoveDevice = "Retirer", RemoveDeviceLabel = "Retirer l'appareil {0}",
        NoDevices = "Aucun appareil enregistré. Le prochain appareil avec lequel vous vous connectez le sera.",
        DeviceRemoved = "L'appareil a été retiré : il devra repasser par la page de connexion.",
        DeviceNotOnAccount = "L'appareil {0} n'est pas enregistré sur ce compte : rien n'a été retiré. Vos appareils sont ceux de la liste ci-dessous.",
        DeleteHeading = "Supprimer mon compte",
        DeleteExplanation = "Effacé aussitôt : votre compte (son mot de passe, la date d'acceptation des conditions), vos appareils enregistrés et vos liens de connexion en attente ; vos connexions en cours sont coupées.",
        DeleteLegalLog = "Conservé {0} jours après la fin de chaque connexion, puis effacé : le journal des connexions, où votre identifiant — votre adresse e-mail — reste inscrit comme compte et nom d'utilisateur RADIUS (User-Name), avec l'adresse MAC de l'appareil, l'adresse IP, la borne, les heures de début et de fin et les volumes échangés. Pourquoi : la loi impose à tout fournisseur d'accès public à Internet de conserver ces données pour répondre aux seules réquisitions de l'autorité judiciaire (code des postes et des communications électroniques, art. L34-1 et R10-13 ; décret n° 2021-1362) ; cette obligation prime sur l'effacement (RGPD art. 17.3.b). Ce journal ne contient jamais les sites visités. La suppression elle-même est inscrite, avec votre adresse e-mail, au registre d'audit de l'opérateur, pour prouver qu'elle a été faite (RGPD art. 5.2).",
        DeleteConfirm = "Je confirme vouloir supprimer mon compte",
        DeleteConfirmRequired = "Cochez la case de confirmation pour supprimer votre compte.",
        DeleteButton = "Supprimer définitivement mon compte",
        DeletedTitle = "Compte supprimé", DeletedBody = "Votre compte et vos appareils ont été supprimés.",
        DeletedUnconfirmedBody = "Votre compte et vos appareils ont été supprimés, mais la borne Wi-Fi n'a pas confirmé la coupure de votre connexion en cours : elle peut rester ouverte jusqu'à la fin de sa durée maximale ou d'inactivité.",
        DeletedPendingBody = "Votre compte et vos appareils ont été supprimés. La borne Wi-Fi a été priée de couper votre connexion en cours mais ne l'a pas encore confirmé : si elle ne le fait pas, la connexion peut rester ouverte jusqu'à la fin de sa durée maximale ou d'inactivité.",
        LogoutButton = "Me déconnecter de cette page", BlockedNotice = "Ce compte est bloqué par l'opérateur : il ne permet plus de se connecter au Wi-Fi.",
        Back = "Accueil du portail", DateFormat = "dd/MM/yyyy",
        EmailVerifiedTitle = "Adresse e-mail confirmée", EmailVerified = "Merci : votre adresse e-mail est confirmée.",
        EmailLinkInvalidTitle = "Lien de confirmation invalide",
        EmailLinkInvalid = "Ce lien de confirmation est invalide, a expiré ou concerne un compte supprimé.",
        EmailVerifiedMark = "adresse confirmée",
    };

    /// <summary>English.</summary>
    public static PortalText English { get; } = new()
    {
        Lang = "en", Brand = "Cigale — public Wi-Fi", BrandName = "Cigale", SwitchTo = "Français", SwitchToLang = "fr", SwitchLabel = "Lire cette page en français",
        Terms = "Terms of use", Privacy = "Personal data", Account = "My account",
        NotYetTitle = "Connect to Cigale public Wi-Fi",
        NotYetIntro = "Free Internet access. Create an account once: your devices will then be recognised at every Cigale terminal in the département.",
        LoginHeading = "I already have an account", RegisterHeading = "Create an account",
        Email = "E-mail address", Password = "Password",
        PasswordHint = "At least {0} characters and at most {1} (fewer with accented letters, emojis or other alphabets, which take more room).",
        LoginButton = "Log in", RegisterButton = "Create my account and connect",
        AcceptTermsBefore = "I accept the ", AcceptTermsLink = "terms of use",
        AcknowledgePrivacyBefore = "I have read the ", AcknowledgePrivacyLink = "personal data notice",
        DeviceNote = "This device ({0}) will be registered to your account and recognised automatically at every Cigale terminal for {1} days after its last connection.",
        WrongCredentials = "Wrong e-mail address or password.",
        AccountBlocked = "This account is blocked. Ask the venue's front desk or the network operator.",
        DeviceBlocked = "This device ({0}) is blocked by the network operator: it cannot connect to Cigale Wi-Fi, whichever account is used. Ask the venue's front desk or the network operator.",
        EmailInvalid = "Enter a valid e-mail address, such as name@example.org.",
        EmailCharacterRefused = "The e-mail address contains {0} ({1}), which is not allowed: type it again rather than pasting it.",
        RefusedCharacterNames = Enum.GetValues<RefusedCharacterKind>().ToDictionary(kind => kind, RefusedCharacter.Describe),
        PasswordTooShort = "The password must have at least {0} characters.",
        PasswordTooLong = "The password is too long: at most {0} characters, fewer with accented letters (é, ç…), emojis or other alphabets, which take more room. Shorten it.",
        TermsRequired = "Accept the terms of use to create an account.",
        PrivacyRequired = "Confirm that you have read the personal data notice.",
        AccountExists = "An account already exists with this address: log in with its password.",
        FormProblem = "The form has an error:",
        OperatorNotConfigured = "the network operator (not set in the portal's configuration)",
        FactNotConfigured = "address not set in the portal's configuration",
        FormTooLargeTitle = "Form too large",
        FormTooLarge = "This form is larger than allowed: {0} KiB per field, {1} KiB and {2} fields for the whole form. Shorten what you typed and try again.",
        FormExpiredTitle = "Form expired",
        FormExpired = "This form has expired or is no longer valid. Open any web page again to be sent back to the login page.",
        SuccessTitle = "You are connected", SuccessBody = "Enjoy the Cigale network.",
        ContinueTo = "Go on to the page you asked for:",
        FailedTitle = "The connection failed",
        FailedBody = "Check your e-mail address and password, then try again.",
        TokenForAnotherDevice = "This connection was prepared for another device and is valid for that device only. Log in from this page, on the device you want to connect.",
        FailedGeneric = "The terminal refused the connection. Try again; if it is refused again, ask the venue's front desk or the network operator.",
        LogoffTitle = "You are disconnected", LogoffBody = "Thank you for using Cigale public Wi-Fi. See you soon!",
        AlreadyTitle = "You are already connected", AlreadyBody = "This device already has Internet access.",
        HomeTitle = "Cigale public Wi-Fi",
        HomeBody = "To connect, join a Cigale Wi-Fi network and open any web page: the terminal will bring you here.",
        BadLinkTitle = "Invalid connection link",
        BadLink = "The link from the terminal is incomplete or malformed (parameter \"{0}\"). Open any web page again to be redirected.",
        TamperedTitle = "Tampered connection link",
        Tampered = "This link's signature does not match: it may have been altered, so it is refused for your safety. Open any web page again to get a fresh link from the terminal.",
        TooManyTitle = "Too many attempts",
        TooMany = "Too many login attempts from this device or network. Wait {0} seconds, then try again.",
        AccountTitle = "My account", AccountLoginIntro = "Log in to see your devices or delete your account.",
        SignedInAs = "Logged in as {0}.", Devices = "My devices",
        DeviceMac = "MAC address", DeviceRegistered = "Registered on", DeviceLastSeen = "Last connection", DeviceExpires = "Recognised until",
        RemoveDevice = "Remove", RemoveDeviceLabel = "Remove device {0}",
        NoDevices = "No device registered. The next device you connect with will be.",
        DeviceRemoved = "The device was removed: it will have to go through the login page again.",
        DeviceNotOnAccount = "The device {0} is not registered on this account: nothing was removed. Your devices are those in the list below.",
        DeleteHeading = "Delete my account",
        DeleteExplanation = "Erased at once: your account (its password, the date you accepted the terms), your registered devices and your pending connection links; your running connections are cut.",
        DeleteLegalLog = "Kept {0} days after the end of each connection, then erased: the connection log, where your login — your e-mail address — stays recorded as the account and the RADIUS user name (User-Name), with the device's MAC address, the IP address, the terminal, the start and stop times and the volumes. Why: French law requires every public Internet access provider to keep these data, for requisitions by the judicial authority only (Code des postes et des communications électroniques, art. L34-1 and R10-13; décret n° 2021-1362); this obligation prevails over erasure (GDPR art. 17.3.b). This log never holds the sites visited. The deletion itself is recorded, with your e-mail address, in the operator's audit log, as proof that it was done (GDPR art. 5.2).",
        DeleteConfirm = "I confirm I want to delete my account",
        DeleteConfirmRequired = "Tick the confirmation box to delete your account.",
        DeleteButton = "Delete my account for good",
        DeletedTitle = "Account deleted", DeletedBody = "Your account and your devices were deleted.",
        DeletedUnconfirmedBody = "Your account and your devices were deleted, but the Wi-Fi terminal did not confirm that your current connection was cut: it may stay open until it times out (its maximum or idle duration).",
        DeletedPendingBody = "Your account and your devices were deleted. The Wi-Fi terminal was asked to cut your current connection but has not confirmed it yet: if it does not, the connection may stay open until it times out (its maximum or idle duration).",
        LogoutButton = "Log out of this page", BlockedNotice = "This account was blocked by the operator: it can no longer connect to the Wi-Fi.",
        Back = "Portal home", DateFormat = "yyyy-MM-dd",
        EmailVerifiedTitle = "E-mail address confirmed", EmailVerified = "Thank you: your e-mail address is confirmed.",
        EmailLinkInvalidTitle = "Invalid confirmation link",
        EmailLinkInvalid = "This confirmation link is invalid, has expired or belongs to a deleted account.",
        EmailVerifiedMark = "address confirmed",
    };

#pragma warning disable CS1591 // The properties are the texts themselves; their names say what they are.
    public required string Lang { get; init; }
    public required string Brand { get; init; }
    public required string BrandName { get; init; }
    public required string SwitchTo { get; init; }
    public required string SwitchToLang { get; init; }
    public required string SwitchLabel { get; init; }
    public required string Terms { get; init; }
    public required string Privacy { get; init; }
    public required string Account { get; init; }
    public required string NotYetTitle { get; init; }
    public required string NotYetIntro { get; init; }
    public required string LoginHeading { get; init; }
    public required string RegisterHeading { get; init; }
    public required string Email { get; init; }
    public required string Password { get; init; }
    public required string PasswordHint { get; init; }
    public required string LoginButton { get; init; }
    public required string RegisterButton { get; init; }
    public required string AcceptTermsBefore { get; init; }
    public required string AcceptTermsLink { get; init; }
    public required string AcknowledgePrivacyBefore { get; init; }
    public required string AcknowledgePrivacyLink { get; init; }
    public required string DeviceNote { get; init; }
    public required string WrongCredentials { get; init; }
    public required string AccountBlocked { get; init; }
    public required string DeviceBlocked { get; init; }
    public required string EmailInvalid { get; init; }
    public required string EmailCharacterRefused { get; init; }
    public required IReadOnlyDictionary<RefusedCharacterKind, string> RefusedCharacterNames { get; init; }
    public required string PasswordTooShort { get; init; }
    public required string PasswordTooLong { get; init; }
    public required string TermsRequired { get; init; }
    public required string PrivacyRequired { get; init; }
    public required string AccountExists { get; init; }
    public required string FormProblem { get; init; }
    public required string OperatorNotConfigured { get; init; }
    public required string FactNotConfigured { get; init; }
    public required string FormTooLargeTitle { get; init; }
    public required string FormTooLarge { get; init; }
    public required string FormExpiredTitle { get; init; }
    public required string FormExpired { get; init; }
    public required string SuccessTitle { get; init; }
    public required string SuccessBody { get; init; }
    public required string ContinueTo { get; init; }
    public required string FailedTitle { get; init; }
    public required string FailedBody { get; init; }
    public required string FailedGeneric { get; init; }
    public required string TokenForAnotherDevice { get; init; }
    public required string LogoffTitle { get; init; }
    public required string LogoffBody { get; init; }
    public required string AlreadyTitle { get; init; }
    public required string AlreadyBody { get; init; }
    public required string HomeTitle { get; init; }
    public required string HomeBody { get; init; }
    public required string BadLinkTitle { get; init; }
    public required string BadLink { get; init; }
    public required string TamperedTitle { get; init; }
    public required string Tampered { get; init; }
    public required string TooManyTitle { get; init; }
    public required string TooMany { get; init; }
    public required string AccountTitle { get; init; }
    public required string AccountLoginIntro { get; init; }
    public required string SignedInAs { get; init; }
    public required string Devices { get; init; }
    public required string DeviceMac { get; init; }
    public required string DeviceRegistered { get; init; }
    public required string DeviceLastSeen { get; init; }
    public required string DeviceExpires { get; init; }
    public required string RemoveDevice { get; init; }
    public required string RemoveDeviceLabel { get; init; }
    public required string NoDevices { get; init; }
    public required string DeviceRemoved { get; init; }

    /// <summary>
    /// The refusal of <c>POST /portal/account/devices/remove</c> for a MAC that is not one of the signed-in account's
    /// devices (another account's, unknown, already removed, or not a MAC); <c>{0}</c> is the MAC as given.
    /// </summary>
    public required string DeviceNotOnAccount { get; init; }
    public required string DeleteHeading { get; init; }
    public required string DeleteExplanation { get; init; }
    public required string DeleteLegalLog { get; init; }
    public required string DeleteConfirm { get; init; }
    public required string DeleteConfirmRequired { get; init; }
    public required string DeleteButton { get; init; }
    public required string DeletedTitle { get; init; }
    public required string DeletedBody { get; init; }
    public required string DeletedUnconfirmedBody { get; init; }

    /// <summary>The account-deletion page when a terminal has not answered the Disconnect-Request within <see cref="PortalHandlers.DisconnectionWait"/>: asked, not confirmed yet.</summary>
    public required string DeletedPendingBody { get; init; }
    public required string LogoutButton { get; init; }
    public required string BlockedNotice { get; init; }
    public required string Back { get; init; }
    public required string DateFormat { get; init; }
    public required string EmailVerifiedTitle { get; init; }
    public required string EmailVerified { get; init; }
    public required string EmailLinkInvalidTitle { get; init; }
    public required string EmailLinkInvalid { get; init; }
    public required string EmailVerifiedMark { get; init; }
#pragma warning restore CS1591

    /// <summary>
    /// What a <c>res=failed</c> page says, in this language, for the terminal's <c>reply</c>: the Reply-Message (RFC 2865
    /// §5.18) of this controller's Access-Reject is one of <see cref="AccessRejectReasons.ToReplyMessage"/>'s English
    /// texts, mapped here to its own text (wrong credentials, blocked account, blocked device…); any other reply, which
    /// could be in any language, gets <see cref="FailedGeneric"/> and is never shown as such; no reply gets
    /// <see cref="FailedBody"/> (the usual cause: a wrong password).
    /// </summary>
    /// <param name="reply">The <c>reply</c> parameter of the terminal's redirect, or null.</param>
    /// <param name="mac">The device's MAC (the redirect's <c>mac</c>), named by the blocked-device text; or null.</param>
    public string ExplainReject(string? reply, string? mac)
    {
        if (reply is null)
        {
            return FailedBody;
        }

        AccessRejectReason? reason = null;
        foreach (var candidate in Enum.GetValues<AccessRejectReason>())
        {
            if (string.Equals(candidate.ToReplyMessage(), reply.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                reason = candidate;
                break;
            }
        }

        return reason switch
        {
            AccessRejectReason.WrongCredentials or AccessRejectReason.MissingCredentials or AccessRejectReason.MalformedPassword => FailedBody,
            AccessRejectReason.AccountBlocked => AccountBlocked,
            AccessRejectReason.DeviceBlocked => Format(DeviceBlocked, mac ?? "?"),
            AccessRejectReason.TokenForAnotherDevice => TokenForAnotherDevice,
            _ => FailedGeneric,
        };
    }

    /// <summary>
    /// <see cref="EmailCharacterRefused"/> for <paramref name="refused"/>: what the character is, in this language, and
    /// its code point (<c>U+200B</c>), as <see cref="AccountLogins.Error"/> names it for the CLI and the admin API.
    /// </summary>
    public string DescribeRefusedCharacter(RefusedCharacter refused) =>
        Format(EmailCharacterRefused, RefusedCharacterNames[refused.Kind], refused.CodePointText);

    /// <summary>Formats a text with <c>{0}</c>, <c>{1}</c>… holes (invariant culture).</summary>
    public static string Format(string text, params object[] args) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, text, args);

    /// <summary>The texts for a language code (<c>en</c> → English, anything else → French).</summary>
    public static PortalText For(string? lang) => lang == "en" ? English : French;

    /// <summary>The request's language: the cookie, else <c>Accept-Language</c> by quality, else French.</summary>
    public static PortalText For(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cookie = request.Cookies[LanguageCookie];
        if (cookie is "fr" or "en")
        {
            return For(cookie);
        }

        var best = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is null or > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(l => l is "fr" or "en");
        return For(best);
    }
}
