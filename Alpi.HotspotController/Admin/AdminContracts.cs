using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Coa;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Sessions;
using Microsoft.AspNetCore.Mvc;

namespace Alpi.HotspotController.Admin;

/// <summary>An account in the API (never its password hash).</summary>
/// <param name="Login">Login.</param>
/// <param name="Email">E-mail address, or null.</param>
/// <param name="EmailVerified">True once verified.</param>
/// <param name="Blocked">True when blocked.</param>
/// <param name="CreatedAt">Creation time, ISO-8601 UTC.</param>
/// <param name="LastActiveAt">Last login or device use, ISO-8601 UTC.</param>
/// <param name="TermsAcceptedAt">When the terms and the data notice were accepted, or null.</param>
public sealed record UserDto(string Login, string? Email, bool EmailVerified, bool Blocked, DateTimeOffset CreatedAt, DateTimeOffset LastActiveAt, DateTimeOffset? TermsAcceptedAt)
{
    internal static UserDto From(Account a) => new(a.Login, a.Email, a.EmailVerified, a.Blocked, Time(a.CreatedUnixMs), Time(a.LastActiveUnixMs),
        a.TermsAcceptedUnixMs is { } t ? Time(t) : null);

    internal static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}

/// <summary>The body of <c>POST /api/admin/users</c>.</summary>
/// <param name="Login">Login, as <see cref="Accounts.AccountLogins.Error"/> takes it: 1 to 253 octets in UTF-8, no control, invisible or space character (400 naming it by code point).</param>
/// <param name="Password">Password, at least 8 characters and at most 128 octets in UTF-8 (stored hashed).</param>
/// <param name="Email">E-mail address, or null.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NewUserRequest(string Login, string Password, string? Email);

/// <summary>A registered device in the API.</summary>
/// <param name="Mac">Canonical MAC, <c>AA-BB-CC-DD-EE-FF</c>.</param>
/// <param name="Login">The owning account.</param>
/// <param name="Blocked">True when the device is blocked.</param>
/// <param name="AccountBlocked">True when its account is blocked.</param>
/// <param name="RegisteredAt">Registration time.</param>
/// <param name="LastSeenAt">Last accepted use.</param>
/// <param name="ExpiresAt">End of validity (renewed on use).</param>
public sealed record DeviceDto(string Mac, string Login, bool Blocked, bool AccountBlocked, DateTimeOffset RegisteredAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt)
{
    internal static DeviceDto From(RegisteredDevice d) => new(d.Mac, d.Login, d.Blocked, d.AccountBlocked, UserDto.Time(d.RegisteredUnixMs), UserDto.Time(d.LastSeenUnixMs), UserDto.Time(d.ExpiresUnixMs));
}

/// <summary>The body of <c>POST /api/admin/devices</c>.</summary>
/// <param name="Mac">The MAC in any usual spelling.</param>
/// <param name="User">The account's login.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NewDeviceRequest(string Mac, string User);

/// <summary>A NAS client in the API: never its secret.</summary>
/// <param name="Name">Name.</param>
/// <param name="Address">Address or network.</param>
/// <param name="Tenant">Member body.</param>
/// <param name="Group">Terminal group.</param>
/// <param name="RequireMessageAuthenticator">Message-Authenticator required in Access-Request.</param>
/// <param name="CoaPort">Dynamic Authorization port.</param>
/// <param name="Latitude">Latitude, or null.</param>
/// <param name="Longitude">Longitude, or null.</param>
/// <param name="Warning">In the answer to a save whose secret is shorter than RFC 2865 §3 recommends (saved all the same); absent otherwise.</param>
public sealed record NasDto(string Name, string Address, string Tenant, string Group, bool RequireMessageAuthenticator, int CoaPort, double? Latitude, double? Longitude,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ShortSecretWarning? Warning = null)
{
    internal static NasDto From(NasClient n) => new(n.Name, n.Address, n.Tenant, n.GroupName, n.RequireMessageAuthenticator, n.CoaPort, n.Latitude, n.Longitude);
}

/// <summary>
/// The body of <c>PUT /api/admin/nas/{name}</c>; absent values keep the current ones (the defaults for a new client, which
/// needs address and secret); <c>"latitude":null</c> and <c>"longitude":null</c> clear the coordinates (<see cref="NasLocationMembers"/>).
/// </summary>
/// <param name="Address">IP address or CIDR network.</param>
/// <param name="Secret">RADIUS shared secret.</param>
/// <param name="Tenant">Member body.</param>
/// <param name="Group">Terminal group.</param>
/// <param name="RequireMessageAuthenticator">Require Message-Authenticator (default true).</param>
/// <param name="CoaPort">Dynamic Authorization port (default 3799).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NasRequest(string? Address, string? Secret, string? Tenant, string? Group, bool? RequireMessageAuthenticator, int? CoaPort) : NasLocationMembers;

/// <summary>A session of the connection log in the API.</summary>
/// <param name="Nas">NAS client name.</param>
/// <param name="AcctSessionId">Acct-Session-Id.</param>
/// <param name="UserName">User-Name as sent.</param>
/// <param name="Account">Account login, or null.</param>
/// <param name="Mac">Device MAC, or null.</param>
/// <param name="Ip">Framed-IP-Address, or null.</param>
/// <param name="CalledStationId">Called-Station-Id, or null.</param>
/// <param name="NasIp">NAS-IP-Address, or null.</param>
/// <param name="StartedAt">Start.</param>
/// <param name="UpdatedAt">Last accounting message.</param>
/// <param name="StoppedAt">Stop, or null while open.</param>
/// <param name="InputOctets">Octets from the device.</param>
/// <param name="OutputOctets">Octets to the device.</param>
/// <param name="TerminateCause">Acct-Terminate-Cause, or null.</param>
public sealed record SessionDto(string Nas, string AcctSessionId, string? UserName, string? Account, string? Mac, string? Ip, string? CalledStationId, string? NasIp,
    DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? StoppedAt, long InputOctets, long OutputOctets, string? TerminateCause)
{
    internal static SessionDto From(HotspotSession s) => new(s.Nas, s.AcctSessionId, s.UserName, s.AccountLogin, s.Mac, s.FramedIp, s.CalledStationId, s.NasIp,
        UserDto.Time(s.StartedUnixMs), UserDto.Time(s.UpdatedUnixMs), s.StoppedUnixMs is { } t ? UserDto.Time(t) : null, s.InputOctets, s.OutputOctets, s.TerminateCause);
}

/// <summary>The outcome of a Disconnect-Request in the API.</summary>
/// <param name="Nas">NAS client name.</param>
/// <param name="AcctSessionId">Acct-Session-Id.</param>
/// <param name="Outcome"><c>acked</c>, <c>naked</c>, <c>timedOut</c>, <c>badResponse</c> or <c>notSent</c>.</param>
/// <param name="ErrorCause">RFC 5176 §3.5 Error-Cause, or null.</param>
/// <param name="ErrorCauseName">Its name, or null.</param>
/// <param name="Attempts">Datagrams sent.</param>
/// <param name="IgnoredReplies">Unauthenticated or stray replies ignored.</param>
/// <param name="Detail">A sentence, or null.</param>
public sealed record DisconnectionDto(string Nas, string AcctSessionId, string Outcome, uint? ErrorCause, string? ErrorCauseName, int Attempts, int IgnoredReplies, string? Detail)
{
    internal static DisconnectionDto From(SessionDisconnection d) => new(d.Nas, d.AcctSessionId, JsonNamingPolicy.CamelCase.ConvertName(d.Result.Outcome.ToString()),
        d.Result.ErrorCause, d.Result.ErrorCauseName, d.Result.Attempts, d.Result.IgnoredReplies, d.Result.Detail);
}

/// <summary>The body of <c>PUT /api/admin/users/{login}/password</c>.</summary>
/// <param name="Password">The new password, at least 8 characters and at most 128 octets in UTF-8 (stored hashed).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PasswordRequest(string Password);

/// <summary>The answer of <c>DELETE /api/admin/users/{login}</c>.</summary>
/// <param name="Disconnections">The account's sessions cut before the deletion (none when nothing was open).</param>
public sealed record DeleteResultDto(IReadOnlyList<DisconnectionDto> Disconnections);

/// <summary>The answer of block and unblock.</summary>
/// <param name="Blocked">The new state.</param>
/// <param name="Disconnections">The sessions cut (none when unblocking or when nothing was open).</param>
public sealed record BlockResultDto(bool Blocked, IReadOnlyList<DisconnectionDto> Disconnections);

/// <summary>An audit log entry in the API.</summary>
/// <param name="Id">Identifier.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who.</param>
/// <param name="Action">What.</param>
/// <param name="Details">Particulars, or null.</param>
public sealed record AuditEntryDto(long Id, DateTimeOffset At, string Actor, string Action, JsonElement? Details)
{
    internal static AuditEntryDto From(AuditEntry e)
    {
        JsonElement? details = null;
        if (e.Details is not null)
        {
            using var document = JsonDocument.Parse(e.Details);
            details = document.RootElement.Clone();
        }

        return new AuditEntryDto(e.Id, UserDto.Time(e.AtUnixMs), e.Actor, e.Action, details);
    }
}

/// <summary>Source-generated JSON for the administration API (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<UserDto>))]
[JsonSerializable(typeof(UserDto))]
[JsonSerializable(typeof(NewUserRequest))]
[JsonSerializable(typeof(IReadOnlyList<DeviceDto>))]
[JsonSerializable(typeof(DeviceDto))]
[JsonSerializable(typeof(NewDeviceRequest))]
[JsonSerializable(typeof(IReadOnlyList<NasDto>))]
[JsonSerializable(typeof(NasDto))]
[JsonSerializable(typeof(NasRequest))]
[JsonSerializable(typeof(IReadOnlyList<SessionDto>))]
[JsonSerializable(typeof(DisconnectionDto))]
[JsonSerializable(typeof(BlockResultDto))]
[JsonSerializable(typeof(PasswordRequest))]
[JsonSerializable(typeof(DeleteResultDto))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntryDto>))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
