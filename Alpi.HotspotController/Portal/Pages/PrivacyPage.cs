namespace Alpi.HotspotController.Portal.Pages;

/// <summary>
/// The personal-data notice required by RGPD (GDPR) article 13 at collection: controller and DPO contacts, purposes
/// and legal bases, data, recipients, retention, rights, complaint to the supervisory authority, whether the data are
/// required. The contacts come from <see cref="PortalPrivacyOptions"/>; the durations from the configuration.
/// </summary>
public static class PrivacyPage
{
    /// <summary>Title and content.</summary>
    /// <param name="t">The texts.</param>
    /// <param name="privacy">Controller, DPO and authority contacts.</param>
    /// <param name="retentionDays">Days the connection log is kept (<c>Hotspot:LegalLog:RetentionDays</c>).</param>
    /// <param name="inactivityDays">Days of inactivity before an account is deleted (<c>Hotspot:LegalLog:AccountInactivityDays</c>).</param>
    /// <param name="validityDays">Days a device stays recognised after its last use (<c>Hotspot:Devices:ValidityDays</c>).</param>
    public static (string Title, Html Body) Render(PortalText t, PortalPrivacyOptions privacy, int retentionDays, int inactivityDays, int validityDays)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(privacy);
        if (t.Lang == "en")
        {
            return ("Personal data notice", Html.Of($"""
                <p>This notice is given under article 13 of the General Data Protection Regulation (GDPR).</p>
                <h2>Controller</h2>
                <p>{privacy.ControllerName}, {privacy.ControllerAddress}.</p>
                <h2>Data protection officer</h2>
                <p>{privacy.DpoContact}</p>
                <h2>Purposes and legal bases</h2>
                <ul>
                <li>Providing free public Wi-Fi access and recognising your devices at every Cigale terminal: your e-mail address,
                a hash of your password (never the password itself) and the MAC addresses of your devices. Legal basis: the
                performance of a task carried out in the public interest (GDPR art. 6.1.e) and the terms of use you accept.</li>
                <li>Keeping the connection log that French law requires of public Internet access providers (Code des postes et des
                communications électroniques, art. L34-1 and R10-13; décret n° 2021-1362): account, device MAC address, IP address,
                terminal, start and stop times, volumes exchanged. Legal basis: a legal obligation (GDPR art. 6.1.c). The sites you
                visit and the content of your communications are never recorded.</li>
                </ul>
                <h2>Recipients</h2>
                <p>The controller's authorised staff; the judicial authorities and the authorities entitled by law, on a lawful
                requisition only, for the connection log. No data are sold, used for advertising or transferred outside the European Union.</p>
                <h2>Retention</h2>
                <ul>
                <li>Connection log: {retentionDays} days after each session, then erased automatically.</li>
                <li>Account: until you delete it, or {inactivityDays} days after your last connection.</li>
                <li>A registered device: recognised for {validityDays} days after its last connection; you can remove it at any time.</li>
                </ul>
                <h2>Your rights</h2>
                <p>You may access, rectify and erase your data, restrict or object to their processing (GDPR art. 15 to 21).
                Your account page shows your devices and lets you delete your account at once; the connection log is then kept
                for the legal period only. For any other request, write to the data protection officer above. You may lodge a
                complaint with the supervisory authority: {privacy.SupervisoryAuthority}.</p>
                <h2>Is it compulsory?</h2>
                <p>An e-mail address and a password are needed to create an account; without them the service cannot be provided.
                No decision is taken about you by automated means.</p>
                """));
        }

        return ("Notice sur les données personnelles", Html.Of($"""
            <p>Cette notice vous est donnée en application de l'article 13 du règlement général sur la protection des données (RGPD).</p>
            <h2>Responsable du traitement</h2>
            <p>{privacy.ControllerName}, {privacy.ControllerAddress}.</p>
            <h2>Délégué à la protection des données</h2>
            <p>{privacy.DpoContact}</p>
            <h2>Finalités et bases légales</h2>
            <ul>
            <li>Fournir un accès Wi-Fi public gratuit et reconnaître vos appareils à toutes les bornes Cigale : votre adresse
            e-mail, une empreinte de votre mot de passe (jamais le mot de passe lui-même) et les adresses MAC de vos appareils.
            Base légale : l'exécution d'une mission d'intérêt public (RGPD art. 6.1.e) et les conditions d'utilisation que vous acceptez.</li>
            <li>Tenir le journal des connexions que la loi impose aux fournisseurs d'accès public à Internet (code des postes et
            des communications électroniques, art. L34-1 et R10-13 ; décret n° 2021-1362) : compte, adresse MAC de l'appareil,
            adresse IP, borne, heures de début et de fin, volumes échangés. Base légale : une obligation légale (RGPD art. 6.1.c).
            Les sites visités et le contenu des communications ne sont jamais enregistrés.</li>
            </ul>
            <h2>Destinataires</h2>
            <p>Les agents habilités du responsable du traitement ; pour le journal des connexions, l'autorité judiciaire et les
            autorités habilitées par la loi, sur réquisition régulière uniquement. Aucune donnée n'est vendue, utilisée à des fins
            publicitaires ni transférée hors de l'Union européenne.</p>
            <h2>Durées de conservation</h2>
            <ul>
            <li>Journal des connexions : {retentionDays} jours après chaque session, puis effacement automatique.</li>
            <li>Compte : jusqu'à sa suppression par vous, ou {inactivityDays} jours après votre dernière connexion.</li>
            <li>Appareil enregistré : reconnu {validityDays} jours après sa dernière connexion ; vous pouvez le retirer à tout moment.</li>
            </ul>
            <h2>Vos droits</h2>
            <p>Vous pouvez accéder à vos données, les rectifier, les effacer, en limiter le traitement ou vous y opposer (RGPD
            art. 15 à 21). La page « Mon compte » montre vos appareils et permet de supprimer votre compte immédiatement ; le
            journal des connexions n'est alors conservé que pendant la durée légale. Pour toute autre demande, écrivez au délégué
            à la protection des données ci-dessus. Vous pouvez introduire une réclamation auprès de l'autorité de contrôle :
            {privacy.SupervisoryAuthority}.</p>
            <h2>Caractère obligatoire</h2>
            <p>Une adresse e-mail et un mot de passe sont nécessaires pour créer un compte ; sans eux, le service ne peut pas être
            fourni. Aucune décision vous concernant n'est prise de façon automatisée.</p>
            """));
    }
}
