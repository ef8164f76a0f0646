namespace Alpi.Protocols.Json;

/// <summary>
/// The codes of the refusals the collector's API words with a <see cref="Refusal"/> (the problem's <c>code</c>, with its
/// values in <c>args</c>): the list's one source. Each code names the area, the member at fault and what is wrong
/// (<c>nas.address.octal</c>); the dashboard holds a French and an English template for each one in
/// <c>Alpi.Dashboard/wwwroot/refusals.js</c>, with the values' names of the <c>{name}</c> placeholders as listed here
/// (a test checks that every constant of this class has both). A code, once published, keeps its meaning and its
/// values' names: scripts may rely on them as on the English sentence. Codes are added, never reused.
/// </summary>
public static class RefusalCodes
{
    // ---- Request bodies (every POST, PATCH and PUT of the collector's API) -----------------------------------------

    /// <summary>415: the body is not JSON by its media type. Values: <c>contentType</c> (empty when none was given).</summary>
    public const string BodyMediaType = "body.mediaType";

    /// <summary>400: the body is empty.</summary>
    public const string BodyEmpty = "body.empty";

    /// <summary>400: the body is not valid JSON. Values: <c>line</c>, <c>octet</c> (empty when unknown).</summary>
    public const string BodySyntax = "body.syntax";

    /// <summary>400: the body's JSON is nested too deeply. Values: <c>line</c>, <c>octet</c> (empty when unknown).</summary>
    public const string BodyDepth = "body.depth";

    /// <summary>400: the body is not of the shape expected (a JSON object). Values: <c>expected</c> (English words).</summary>
    public const string BodyShape = "body.shape";

    /// <summary>400: a required member is missing. Values: <c>members</c> (the required members, comma-separated).</summary>
    public const string BodyRequired = "body.required";

    /// <summary>400: a member holds the wrong kind of value. Values: <c>member</c>, <c>expected</c> (English words: <c>a whole number</c>).</summary>
    public const string BodyType = "body.type";

    /// <summary>400: a member the endpoint does not know. Values: <c>member</c>, <c>members</c> (the known ones, comma-separated; may be empty).</summary>
    public const string BodyUnknownMember = "body.unknownMember";

    /// <summary>413: the body is larger than the limit. Values: <c>length</c>, <c>limit</c> (octets), <c>what</c> (English words).</summary>
    public const string BodyTooLarge = "body.tooLarge";

    // ---- Access ----------------------------------------------------------------------------------------------------

    /// <summary>403: the account's role does not allow the request. Values: <c>role</c>.</summary>
    public const string AccessRole = "access.role";

    /// <summary>
    /// 403: a bearer token's scope does not allow the request (a <c>read</c> token acknowledging an alert). Values:
    /// <c>scope</c> (<c>read</c> or <c>admin</c>), <c>role</c> (the role the scope acts as: <c>viewer</c>, <c>administrator</c>).
    /// </summary>
    public const string AccessScope = "access.scope";

    /// <summary>503: the audit log cannot be written, so the request (personal data, a change) is not served.</summary>
    public const string AccessAuditUnavailable = "access.auditUnavailable";

    // ---- Dashboard accounts (/api/security/users) ------------------------------------------------------------------

    /// <summary>400: an account name's length. Values: <c>max</c>.</summary>
    public const string AccountNameLength = "account.name.length";

    /// <summary>400: an account name's characters. Values: <c>name</c>.</summary>
    public const string AccountNameCharacters = "account.name.characters";

    /// <summary>400: an unknown role. Values: <c>role</c>, <c>roles</c> (comma-separated).</summary>
    public const string AccountRoleUnknown = "account.role.unknown";

    /// <summary>400: a password's length. Values: <c>min</c>, <c>max</c>, <c>length</c>.</summary>
    public const string AccountPasswordLength = "account.password.length";

    /// <summary>400: the password is the account's name.</summary>
    public const string AccountPasswordIsName = "account.password.isName";

    /// <summary>409: the account exists. Values: <c>name</c>.</summary>
    public const string AccountExists = "account.exists";

    /// <summary>404: no such account. Values: <c>name</c>.</summary>
    public const string AccountNotFound = "account.notFound";

    /// <summary>409: the change would leave no enabled administrator. Values: <c>name</c>.</summary>
    public const string AccountLastAdministrator = "account.lastAdministrator";

    // ---- Wi-Fi terminals (/api/admin/nas and the hotspot controller's administration) --------------------------------

    /// <summary>404: the hotspot controller does not run in the collector's process.</summary>
    public const string NasNotBundled = "nas.notBundled";

    /// <summary>404: no such terminal. Values: <c>name</c>.</summary>
    public const string NasNotFound = "nas.notFound";

    /// <summary>409: the terminal is declared in the controller's configuration file, changed there. Values: <c>name</c>.</summary>
    public const string NasConfiguredChange = "nas.configured.change";

    /// <summary>409: the terminal is declared in the controller's configuration file, removed there. Values: <c>name</c>.</summary>
    public const string NasConfiguredRemove = "nas.configured.remove";

    /// <summary>400: the name is missing. Values: <c>max</c>.</summary>
    public const string NasNameRequired = "nas.name.required";

    /// <summary>409: a terminal has this name. Values: <c>name</c>, <c>source</c> (<c>database</c> or <c>configuration</c>).</summary>
    public const string NasNameExists = "nas.name.exists";

    /// <summary>400: a PATCH names another terminal (no renaming). Values: <c>name</c>, <c>renamed</c>.</summary>
    public const string NasNameRenamed = "nas.name.renamed";

    /// <summary>400: a name's length. Values: <c>max</c>, <c>length</c>.</summary>
    public const string NasNameLength = "nas.name.length";

    /// <summary>400: a name that does not start with a letter or digit.</summary>
    public const string NasNameStart = "nas.name.start";

    /// <summary>400: a combining accent in a name. Values: <c>codePoint</c> (<c>U+0301</c>).</summary>
    public const string NasNameCombining = "nas.name.combining";

    /// <summary>400: a halfwidth or fullwidth form in a name. Values: <c>character</c>, <c>codePoint</c>, <c>ordinary</c> (empty when none).</summary>
    public const string NasNameFullwidth = "nas.name.fullwidth";

    /// <summary>400: a digit of another script in a name. Values: <c>character</c>, <c>codePoint</c>.</summary>
    public const string NasNameDigit = "nas.name.digit";

    /// <summary>400: a character a name may not hold. Values: <c>character</c>, <c>codePoint</c>, <c>kind</c> (<c>control</c>, <c>space</c> or <c>other</c>).</summary>
    public const string NasNameCharacter = "nas.name.character";

    /// <summary>409: a new name that differs from another terminal's only by case. Values: <c>name</c>, <c>existing</c>.</summary>
    public const string NasNameCase = "nas.name.case";

    /// <summary>
    /// 400: a new name mixing scripts (a letter of another script drawn like one of this script). Values:
    /// <c>character</c>, <c>codePoint</c>, <c>script</c> (of the letter at fault), <c>main</c> (of the name's other
    /// letters): English script names (<c>Cyrillic</c>, <c>Latin</c>, <c>Greek</c>…), empty for a script the check does
    /// not name; <c>existing</c> empty.
    /// </summary>
    public const string NasNameScripts = "nas.name.scripts";

    /// <summary>409: a new name mixing scripts that reads as another terminal's. Values: as <see cref="NasNameScripts"/>, <c>existing</c> the terminal it reads as.</summary>
    public const string NasNameLookAlike = "nas.name.lookAlike";

    /// <summary>400: the address is missing.</summary>
    public const string NasAddressRequired = "nas.address.required";

    /// <summary>400: an IPv6 address in brackets. Values: <c>address</c>.</summary>
    public const string NasAddressBrackets = "nas.address.brackets";

    /// <summary>400: an address with a zone (<c>%eth0</c>). Values: <c>address</c>.</summary>
    public const string NasAddressZone = "nas.address.zone";

    /// <summary>400: an IPv4 part in hexadecimal. Values: <c>address</c>, <c>part</c>, <c>readAs</c> (what inet_aton reads; empty when nothing).</summary>
    public const string NasAddressHexadecimal = "nas.address.hexadecimal";

    /// <summary>400: an IPv4 part with a leading zero (octal for inet_aton). Values: <c>address</c>, <c>part</c>, <c>readAs</c>, <c>meant</c>.</summary>
    public const string NasAddressOctal = "nas.address.octal";

    /// <summary>400: an IPv4 address of fewer than four parts. Values: <c>address</c>, <c>parts</c>, <c>readAs</c>.</summary>
    public const string NasAddressParts = "nas.address.parts";

    /// <summary>400: a bad prefix length. Values: <c>address</c>, <c>prefix</c>, <c>max</c>.</summary>
    public const string NasAddressPrefix = "nas.address.prefix";

    /// <summary>400: not an IP address nor a network. Values: <c>address</c>.</summary>
    public const string NasAddressUnreadable = "nas.address.unreadable";

    /// <summary>409: another terminal has this address. Values: <c>address</c>, <c>name</c>, <c>source</c> (<c>database</c> or <c>configuration</c>).</summary>
    public const string NasAddressInUse = "nas.address.inUse";

    /// <summary>400: the shared secret is missing.</summary>
    public const string NasSecretRequired = "nas.secret.required";

    /// <summary>400: the shared secret is too long. Values: <c>octets</c>, <c>max</c>.</summary>
    public const string NasSecretLength = "nas.secret.length";

    /// <summary>400: a tenant or group too long. Values: <c>member</c> (<c>tenant</c> or <c>group</c>), <c>max</c>, <c>length</c>.</summary>
    public const string NasLabelLength = "nas.label.length";

    /// <summary>400: a control character in a tenant or group. Values: <c>member</c>.</summary>
    public const string NasLabelControl = "nas.label.control";

    /// <summary>400: a tenant holding '/', '+' or '#'.</summary>
    public const string NasTenantTopic = "nas.tenant.topic";

    /// <summary>400: a CoA port out of range. Values: <c>port</c>.</summary>
    public const string NasCoaPortRange = "nas.coaPort.range";

    /// <summary>400: a latitude out of range. Values: <c>latitude</c>.</summary>
    public const string NasLatitudeRange = "nas.latitude.range";

    /// <summary>400: a longitude out of range. Values: <c>longitude</c>.</summary>
    public const string NasLongitudeRange = "nas.longitude.range";

    /// <summary>400: a latitude without a longitude.</summary>
    public const string NasLongitudeMissing = "nas.longitude.missing";

    /// <summary>400: a longitude without a latitude.</summary>
    public const string NasLatitudeMissing = "nas.latitude.missing";

    // ---- Problems: acknowledgements and silences (/api/alerts/{id}/ack, /api/silences) -------------------------------

    /// <summary>404: no such alert. Values: <c>id</c>.</summary>
    public const string AlertNotFound = "alert.notFound";

    /// <summary>409: the alert is resolved. Values: <c>id</c>.</summary>
    public const string AlertResolved = "alert.resolved";

    /// <summary>409: the alert is pending, nothing to acknowledge yet. Values: <c>id</c>.</summary>
    public const string AlertPending = "alert.pending";

    /// <summary>409: the alert is acknowledged already. Values: <c>id</c>.</summary>
    public const string AlertAcknowledged = "alert.acknowledged";

    /// <summary>400: silences or maintenance windows are not available (no alert engine). Values: <c>what</c> (<c>silences</c> or <c>maintenance</c>).</summary>
    public const string AlertingDisabled = "alerting.disabled";

    // ---- Maintenance windows (/api/maintenance: the on-call view's form and its Terminer) --------------------------------

    /// <summary>400: a window that matches on nothing.</summary>
    public const string MatcherRequired = "matcher.required";

    /// <summary>
    /// 400: a tenant or host pattern that is no valid regular expression (<c>~(</c>). Values: <c>key</c> (<c>tenant</c>,
    /// <c>host</c>…), <c>pattern</c>, <c>reason</c> (.NET's English words on the expression). No longer sent: replaced by
    /// <see cref="MatcherRegex"/>, which words the problem itself; kept, as codes are never reused.
    /// </summary>
    public const string MatcherPattern = "matcher.pattern";

    /// <summary>
    /// 400: a <c>~regex</c> value of a match (<c>tenant</c>, <c>host</c>, a label…) that is no regular expression the
    /// collector runs; one per bad value (a problem with several lists them all in <c>errors</c>). Values: <c>key</c>;
    /// <c>pattern</c> (as typed, with its <c>~</c>); <c>position</c> (1-based character of <c>pattern</c> where it goes
    /// wrong; absent when there is no one place: always for <c>tooLarge</c> and <c>unsupported</c>); <c>problem</c>: <c>unclosedGroup</c>, <c>unopenedGroup</c>, <c>unclosedClass</c>,
    /// <c>nothingToRepeat</c>, <c>nestedQuantifier</c>, <c>endingBackslash</c>, <c>reversedRange</c>,
    /// <c>reversedCount</c>, <c>badEscape</c>, <c>badGroup</c>, <c>unsupported</c> (a look-around, a back-reference, an
    /// atomic group), <c>tooLarge</c> (repetitions nested or counted so that the expression is too large for the engine,
    /// <c>(a{1000}){1000}</c>) or <c>other</c>. An unclosed group's <c>position</c> is that of the <c>(</c> never closed
    /// (the innermost one when several are), an unclosed class's that of its <c>[</c>.
    /// </summary>
    public const string MatcherRegex = "matcher.regex";

    /// <summary>404: no such maintenance window (ended meanwhile). Values: <c>id</c>.</summary>
    public const string MaintenanceNotFound = "maintenance.notFound";

    /// <summary>409: a window of the on-call file, changed there. Values: <c>id</c> (<c>file:NAME</c>).</summary>
    public const string MaintenanceInFile = "maintenance.inFile";

    /// <summary>400: a window's name is too long. Values: <c>max</c>, <c>length</c> (characters).</summary>
    public const string MaintenanceNameLength = "maintenance.name.length";

    /// <summary>400: a control or invisible character (a tab, a line break, a zero-width space) in a window's name. Values: <c>codePoint</c> (<c>U+0009</c>).</summary>
    public const string MaintenanceNameControl = "maintenance.name.control";

    /// <summary>400: a window's name is empty, only spaces, or begins or ends with a space. No values.</summary>
    public const string MaintenanceNameBlank = "maintenance.name.blank";

    /// <summary>400: a window without a <c>name</c> member (or with <c>"name":null</c>). No values.</summary>
    public const string MaintenanceNameMissing = "maintenance.name.missing";

    /// <summary>409: a window of the on-call file has this name (ignoring case). Values: <c>name</c> (the file's spelling).</summary>
    public const string MaintenanceNameInFile = "maintenance.name.inFile";

    /// <summary>409: a window created through the API, not ended, has this name (ignoring case). Values: <c>name</c>, <c>id</c>.</summary>
    public const string MaintenanceNameExists = "maintenance.name.exists";

    /// <summary>400: a one-off window that has ended already. Values: <c>to</c> (local <c>yyyy-MM-dd HH:mm</c>), <c>timeZone</c>.</summary>
    public const string MaintenanceOncePast = "maintenance.once.past";

    /// <summary>
    /// 400: a one-off window's start or end that is no date and time: neither a local one in the window's zone
    /// (<c>2026-12-03T10:00</c>, <c>2026-12-03 10:00:30</c>, <c>2026-12-03</c>) nor an ISO 8601 time with its offset or
    /// <c>Z</c> (<c>2026-12-03T10:00:00Z</c>, <c>2026-12-03T10:00+01:00</c>, taken as the instant it names). Values:
    /// <c>member</c> (<c>once.from</c> or <c>once.to</c>), <c>value</c> (as sent).
    /// </summary>
    public const string MaintenanceOnceTime = "maintenance.once.time";

    /// <summary>
    /// 400: a one-off window whose end is not after its start (<c>once.to</c> before or at <c>once.from</c>), listed in
    /// <c>errors</c> with the window's other faults; the problem's <c>parameter</c> is <c>once</c>. Values: <c>from</c>,
    /// <c>to</c> (local <c>yyyy-MM-dd HH:mm</c> in the window's zone, as read), <c>timeZone</c>.
    /// </summary>
    public const string MaintenanceOnceReversed = "maintenance.once.reversed";

    /// <summary>400: a window's comment is too long. Values: <c>max</c>, <c>length</c> (characters).</summary>
    public const string MaintenanceCommentLength = "maintenance.comment.length";

    // ---- Silences (/api/silences: Suspendre on the problems view) -----------------------------------------------------

    /// <summary>400: a start or end that is no ISO 8601 time with an offset. Values: <c>member</c> (<c>startsAt</c> or <c>endsAt</c>), <c>value</c>.</summary>
    public const string SilenceTime = "silence.time";

    /// <summary>400: a duration that is no positive duration. Values: <c>value</c>.</summary>
    public const string SilenceDuration = "silence.duration";

    /// <summary>
    /// 400: no end (neither <c>endsAt</c> nor <c>duration</c>). No values. (It was also sent for an end in the past or not
    /// after the start, which now have <see cref="SilenceEndsAtPast"/> and <see cref="SilenceEndsAtBeforeStart"/>.)
    /// </summary>
    public const string SilenceEnd = "silence.end";

    /// <summary>
    /// 400: a silence that would end in the past (<c>endsAt</c>, or <c>startsAt</c> plus <c>duration</c>, not after now):
    /// it would hold back nothing. Values: <c>endsAt</c> (the end, ISO 8601 in UTC, <c>2026-12-01T19:00:00Z</c>).
    /// </summary>
    public const string SilenceEndsAtPast = "silence.endsAt.past";

    /// <summary>
    /// 400: an <c>endsAt</c> that is not after the <c>startsAt</c> given. Values: <c>startsAt</c>, <c>endsAt</c> (ISO 8601
    /// in UTC, <c>2026-12-01T19:00:00Z</c>).
    /// </summary>
    public const string SilenceEndsAtBeforeStart = "silence.endsAt.beforeStart";

    /// <summary>
    /// 400: both <c>endsAt</c> and <c>duration</c> given, so the end is ambiguous (give one). Values: <c>endsAt</c>,
    /// <c>duration</c> (as sent).
    /// </summary>
    public const string SilenceEndAmbiguous = "silence.end.ambiguous";

    // ---- Wi-Fi session search (/api/wifi/sessions/search) ------------------------------------------------------------

    /// <summary>400: no criterion given.</summary>
    public const string WifiSearchCriterion = "wifi.search.criterion";

    /// <summary>400: a time that is not one. Values: <c>parameter</c> (<c>from</c> or <c>to</c>), <c>value</c>.</summary>
    public const string WifiSearchTime = "wifi.search.time";

    /// <summary>400: a period that ends before it starts. Values: <c>from</c>, <c>to</c> (ISO 8601).</summary>
    public const string WifiSearchRange = "wifi.search.range";

    /// <summary>400: a MAC address that is not one. Values: <c>value</c>.</summary>
    public const string WifiSearchMac = "wifi.search.mac";

    /// <summary>400: an IP address that is not one. Values: <c>value</c>.</summary>
    public const string WifiSearchIp = "wifi.search.ip";

    /// <summary>400: a bad limit. Values: <c>value</c>, <c>max</c>.</summary>
    public const string WifiSearchLimit = "wifi.search.limit";

    /// <summary>503: no hotspot controller runs in the collector's process.</summary>
    public const string WifiSearchUnavailable = "wifi.search.unavailable";

    // ---- Alert rules (/api/alerts/rules/validate) --------------------------------------------------------------------

    /// <summary>400: the rule file's text is missing.</summary>
    public const string RulesTextRequired = "rules.text.required";

    /// <summary>413: the rule file's text is too long. Values: <c>length</c>, <c>max</c> (characters).</summary>
    public const string RulesTextLength = "rules.text.length";
}
