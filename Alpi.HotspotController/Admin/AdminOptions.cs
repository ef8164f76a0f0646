namespace Alpi.HotspotController.Admin;

/// <summary>The administration REST API (<c>Hotspot:Admin</c>), served on the portal's listener under <c>/api/admin/</c>.</summary>
public sealed class AdminOptions
{
    /// <summary>
    /// The bearer tokens allowed to call the API, each with a name (recorded in the audit log as the actor) and a role.
    /// None by default: every call is then refused with 401.
    /// </summary>
    public List<AdminTokenOptions> Tokens { get; set; } = [];

    /// <summary>
    /// How far back, in days, an <c>admin</c> may search past sessions (default 7). Older entries of the connection log
    /// are reachable only through the audited export of the <c>dpo</c> role (CPCE R10-13: the log is kept for
    /// requisitions, not for browsing).
    /// </summary>
    public int SearchWindowDays { get; set; } = 7;
}

/// <summary>One API token (<c>Hotspot:Admin:Tokens:N</c>).</summary>
public sealed class AdminTokenOptions
{
    /// <summary>Who holds the token (a person or a tool); the actor of the audit log. Unique.</summary>
    public string Name { get; set; } = "";

    /// <summary>The secret bearer token: at least <see cref="MinTokenLength"/> characters (e.g. <c>openssl rand -hex 32</c>). Unique.</summary>
    public string Token { get; set; } = "";

    /// <summary><c>admin</c> (users, devices, terminals, sessions) or <c>dpo</c> (the connection-log export only); see <see cref="AdminRoles"/>.</summary>
    public string Role { get; set; } = "";

    /// <summary>The shortest token accepted, characters (128 bits as hexadecimal).</summary>
    public const int MinTokenLength = 32;
}

/// <summary>The roles of the administration API.</summary>
public static class AdminRoles
{
    /// <summary>Manages users, devices, NAS clients and sessions; cannot read the connection log beyond <see cref="AdminOptions.SearchWindowDays"/>.</summary>
    public const string Admin = "admin";

    /// <summary>The data-protection officer: the only role that may export the connection log for a judicial requisition (CPCE L34-1, R10-13); each export is audited.</summary>
    public const string Dpo = "dpo";
}
