namespace Alpi.HotspotController.Portal.Pages;

/// <summary>The terms of use (conditions générales d'utilisation) of the Cigale public Wi-Fi.</summary>
public static class TermsPage
{
    /// <summary>Title and content.</summary>
    /// <param name="t">The texts.</param>
    /// <param name="controllerName">The operator (<see cref="PortalPrivacyOptions.ControllerName"/>).</param>
    public static (string Title, Html Body) Render(PortalText t, string controllerName)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Lang == "en")
        {
            return ("Terms of use", Html.Of($"""
                <p>Cigale is a free public Wi-Fi service run by {controllerName}.</p>
                <ol>
                <li>Access is free and open to all, subject to these terms. It may be interrupted, limited in time or volume, or
                filtered, without notice, for maintenance or security.</li>
                <li>You use the service under your own responsibility and in compliance with the law: in particular, no unlawful
                downloads (Code de la propriété intellectuelle, art. L336-3), no attacks on other systems, no unlawful content.</li>
                <li>Your account is personal: do not share your password. You may register up to several devices; each is
                recognised automatically at every terminal while it is in use.</li>
                <li>As the law requires, a connection log is kept for one year (see the personal data notice). It can be handed
                over to the judicial authorities on a lawful requisition only.</li>
                <li>The operator may block an account that breaches these terms.</li>
                <li>You may delete your account at any time from the "My account" page.</li>
                </ol>
                """));
        }

        return ("Conditions d'utilisation", Html.Of($"""
            <p>Cigale est un service de Wi-Fi public gratuit exploité par {controllerName}.</p>
            <ol>
            <li>L'accès est gratuit et ouvert à tous dans le respect des présentes conditions. Il peut être interrompu, limité
            en durée ou en volume, ou filtré, sans préavis, pour maintenance ou sécurité.</li>
            <li>Vous utilisez le service sous votre responsabilité et dans le respect de la loi : en particulier, pas de
            téléchargement illicite (code de la propriété intellectuelle, art. L336-3), pas d'attaque contre d'autres systèmes,
            pas de contenu illicite.</li>
            <li>Votre compte est personnel : ne communiquez pas votre mot de passe. Vous pouvez enregistrer plusieurs
            appareils ; chacun est reconnu automatiquement à toutes les bornes tant qu'il sert.</li>
            <li>Comme la loi l'impose, un journal des connexions est conservé un an (voir la notice sur les données
            personnelles). Il ne peut être communiqué qu'à l'autorité judiciaire, sur réquisition régulière.</li>
            <li>L'opérateur peut bloquer un compte qui ne respecte pas ces conditions.</li>
            <li>Vous pouvez supprimer votre compte à tout moment depuis la page « Mon compte ».</li>
            </ol>
            """));
    }
}
