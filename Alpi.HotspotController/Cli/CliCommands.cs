using System.CommandLine;
using System.Globalization;
using Alpi.HotspotController.Admin;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.LegalLog;
using Alpi.Protocols.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.HotspotController.Cli;

/// <summary>The command tree of <see cref="HotspotCli"/>: users, devices, sessions, nas, export, audit.</summary>
internal static class CliCommands
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Administration of the Cigale hotspot controller: accounts, devices, terminals (NAS), sessions and the legal connection log. "
            + "Without a command, the binary runs the controller. Configuration switches (--Hotspot:DataDirectory=/srv/hotspot) may be added to any command.")
        {
            HelpName = HotspotCli.ProgramName,
        };
        root.Subcommands.Add(Users(context));
        root.Subcommands.Add(Devices(context));
        root.Subcommands.Add(Sessions(context));
        root.Subcommands.Add(Nas(context));
        root.Subcommands.Add(Export(context));
        root.Subcommands.Add(AuditCommand(context));
        return root;
    }

    private static Command Users(CliContext context)
    {
        var users = new Command("users", "Citizens' accounts.");
        var list = new Command("list", "List the accounts.");
        list.SetAction((_, ct) => context.RunAsync(async (services, token) =>
        {
            var accounts = await services.GetRequiredService<HotspotAdministration>().ListUsersAsync(token);
            await services.GetRequiredService<PersonalDataAudit>().WriteServedAsync(CliContext.Actor, AuditActions.UserList, [], accounts.Count, "cli", null, token);
            await context.WriteTableAsync(["LOGIN", "EMAIL", "BLOCKED", "CREATED", "LAST-ACTIVE"],
                accounts.Select(a => new[] { a.Login, a.Email, a.Blocked ? "yes" : "no", CliContext.Time(a.CreatedUnixMs), CliContext.Time(a.LastActiveUnixMs) }));
            return 0;
        }, ct));
        users.Subcommands.Add(list);

        var login = new Argument<string>("LOGIN") { Description = "The account's login (usually an e-mail address)." };
        var (passwordEnv, password) = SecretOptions("password", "the password");
        var email = new Option<string?>("--email") { Description = "The e-mail address." };
        var add = new Command("add", "Create an account; its password (at least 8 characters, at most 128 octets in UTF-8 as PAP carries, stored hashed) is read from standard input or --password-env, never from the command line.");
        add.Arguments.Add(login);
        add.Options.Add(passwordEnv);
        add.Options.Add(password);
        add.Options.Add(email);
        add.SetAction(async (parse, ct) =>
        {
            var secret = await ReadSecretAsync(context, parse, password, passwordEnv, "PASSWORD", "users add LOGIN", $"the password of {parse.GetRequiredValue(login)}");
            return secret is null ? 2 : await AddUserAsync(parse, secret, ct);
        });
        users.Subcommands.Add(add);

        Task<int> AddUserAsync(ParseResult parse, string secret, CancellationToken ct) => context.RunAsync(async (services, token) =>
        {
            var result = await services.GetRequiredService<HotspotAdministration>().AddUserAsync(parse.GetRequiredValue(login), secret, parse.GetValue(email), CliContext.Actor, token);
            if (result.Status != AdminStatus.Ok)
            {
                return await context.FailAsync(result);
            }

            await context.Output.WriteLineAsync($"account {HotspotAdministration.NameLogin(result.Value!.Login, parse.GetRequiredValue(login))} created");
            return 0;
        }, ct);

        foreach (var blocked in new[] { true, false })
        {
            var target = new Argument<string>("LOGIN") { Description = "The account's login." };
            var command = new Command(blocked ? "block" : "unblock", blocked
                ? "Block an account and disconnect its open sessions at their terminals (RFC 5176 Disconnect-Request)."
                : "Unblock an account.");
            command.Arguments.Add(target);
            command.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
            {
                var result = await services.GetRequiredService<HotspotAdministration>().SetUserBlockedAsync(parse.GetRequiredValue(target), blocked, CliContext.Actor, token);
                if (result.Status != AdminStatus.Ok)
                {
                    return await context.FailAsync(result);
                }

                await context.Output.WriteLineAsync($"account {HotspotAdministration.NameLogin(result.Value!.Login, parse.GetRequiredValue(target))} {(blocked ? "blocked" : "unblocked")}");
                return blocked ? await context.WriteDisconnectionsAsync(result.Value.Disconnections) : 0;
            }, ct));
            users.Subcommands.Add(command);
        }

        users.Subcommands.Add(UserPassword(context));
        users.Subcommands.Add(UserDelete(context));
        return users;
    }

    /// <summary><c>users passwd LOGIN [--password-env VARIABLE]</c>: a new password, read as <c>users add</c> reads one.</summary>
    private static Command UserPassword(CliContext context)
    {
        var login = new Argument<string>("LOGIN") { Description = "The account's login." };
        var (passwordEnv, password) = SecretOptions("password", "the new password");
        var command = new Command("passwd", "Replace an account's password (at least 8 characters, at most 128 octets in UTF-8 as PAP carries, stored hashed), read from standard input or --password-env, never from the command line. "
            + "The next authentication needs the new one; sessions already open go on (block the account to end them).");
        command.Arguments.Add(login);
        command.Options.Add(passwordEnv);
        command.Options.Add(password);
        command.SetAction(async (parse, ct) =>
        {
            var secret = await ReadSecretAsync(context, parse, password, passwordEnv, "PASSWORD", "users passwd LOGIN", $"the new password of {parse.GetRequiredValue(login)}");
            return secret is null ? 2 : await context.RunAsync(async (services, token) =>
            {
                var result = await services.GetRequiredService<HotspotAdministration>().SetUserPasswordAsync(parse.GetRequiredValue(login), secret, CliContext.Actor, token);
                if (result.Status != AdminStatus.Ok)
                {
                    return await context.FailAsync(result);
                }

                await context.Output.WriteLineAsync($"password of {HotspotAdministration.NameLogin(result.Value!, parse.GetRequiredValue(login))} replaced");
                return 0;
            }, ct);
        });
        return command;
    }

    /// <summary><c>users delete LOGIN --yes</c>: the account, its devices and logon tokens, then its open sessions disconnected (waited for).</summary>
    private static Command UserDelete(CliContext context)
    {
        var login = new Argument<string>("LOGIN") { Description = "The account's login." };
        var yes = new Option<bool>("--yes") { Description = "Confirm: the deletion cannot be undone." };
        var command = new Command("delete", "Delete an account with its devices and logon tokens (RGPD art. 17), then disconnect its open sessions "
            + "(RFC 5176 Disconnect-Request; RADIUS refuses the account from the deletion on). The connection log keeps its sessions for the legal year. Needs --yes.");
        command.Arguments.Add(login);
        command.Options.Add(yes);
        command.SetAction(async (parse, ct) =>
        {
            if (!parse.GetValue(yes))
            {
                await context.Error.WriteLineAsync($"{HotspotCli.ProgramName}: users delete {parse.GetRequiredValue(login)}: add --yes to delete the account, its devices and logon tokens (this cannot be undone)");
                return 2;
            }

            return await context.RunAsync(async (services, token) =>
            {
                var result = await services.GetRequiredService<HotspotAdministration>().DeleteUserAsync(parse.GetRequiredValue(login), CliContext.Actor, token);
                if (result.Status != AdminStatus.Ok)
                {
                    return await context.FailAsync(result);
                }

                await context.Output.WriteLineAsync($"account {HotspotAdministration.NameLogin(result.Value!.Login, parse.GetRequiredValue(login))} deleted with its devices and logon tokens");
                return await context.WriteDisconnectionsAsync(result.Value.Disconnections);
            }, ct);
        });
        return command;
    }

    private static Command Devices(CliContext context)
    {
        var devices = new Command("devices", "Registered devices (recognised by MAC at every terminal).");
        var listUser = new Option<string?>("--user") { Description = "Only this account's devices." };
        var list = new Command("list", "List the registered devices.");
        list.Options.Add(listUser);
        list.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var result = await services.GetRequiredService<HotspotAdministration>().ListDevicesAsync(parse.GetValue(listUser), token);
            if (result.Status != AdminStatus.Ok)
            {
                return await context.FailAsync(result);
            }

            await services.GetRequiredService<PersonalDataAudit>().WriteServedAsync(CliContext.Actor, AuditActions.DeviceList,
                string.IsNullOrWhiteSpace(parse.GetValue(listUser)) ? [] : [new("user", parse.GetValue(listUser))], result.Value!.Count, "cli", null, token);

            await context.WriteTableAsync(["MAC", "USER", "BLOCKED", "LAST-SEEN", "EXPIRES"], result.Value!.Select(d => new[]
            {
                d.Mac, d.Login, d.Blocked ? "yes" : d.AccountBlocked ? "account" : "no", CliContext.Time(d.LastSeenUnixMs), CliContext.Time(d.ExpiresUnixMs),
            }));
            return 0;
        }, ct));
        devices.Subcommands.Add(list);

        var mac = new Argument<string>("MAC") { Description = "The MAC address, in any usual spelling (aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF, aabb.ccdd.eeff)." };
        var user = new Option<string>("--user") { Description = "The account's login.", Required = true };
        var add = new Command("add", "Register a device to an account.");
        add.Arguments.Add(mac);
        add.Options.Add(user);
        add.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var result = await services.GetRequiredService<HotspotAdministration>().AddDeviceAsync(parse.GetRequiredValue(mac), parse.GetRequiredValue(user), CliContext.Actor, token);
            if (result.Status != AdminStatus.Ok)
            {
                return await context.FailAsync(result);
            }

            await context.Output.WriteLineAsync($"device {result.Value!.Mac} registered to {HotspotAdministration.NameLogin(result.Value.Login, parse.GetRequiredValue(user))} until {CliContext.Time(result.Value.ExpiresUnixMs)}");
            return 0;
        }, ct));
        devices.Subcommands.Add(add);

        var removed = new Argument<string>("MAC") { Description = "The MAC address." };
        var remove = new Command("remove", "Remove a device registration.");
        remove.Arguments.Add(removed);
        remove.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var result = await services.GetRequiredService<HotspotAdministration>().RemoveDeviceAsync(parse.GetRequiredValue(removed), CliContext.Actor, token);
            if (result.Status != AdminStatus.Ok)
            {
                return await context.FailAsync(result);
            }

            await context.Output.WriteLineAsync($"device {result.Value} removed");
            return 0;
        }, ct));
        devices.Subcommands.Add(remove);

        foreach (var blocked in new[] { true, false })
        {
            var target = new Argument<string>("MAC") { Description = "The MAC address." };
            var command = new Command(blocked ? "block" : "unblock", blocked ? "Block a device and disconnect its open sessions." : "Unblock a device.");
            command.Arguments.Add(target);
            command.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
            {
                var result = await services.GetRequiredService<HotspotAdministration>().SetDeviceBlockedAsync(parse.GetRequiredValue(target), blocked, CliContext.Actor, token);
                if (result.Status != AdminStatus.Ok)
                {
                    return await context.FailAsync(result);
                }

                await context.Output.WriteLineAsync($"device {parse.GetRequiredValue(target)} {(blocked ? "blocked" : "unblocked")}");
                return blocked ? await context.WriteDisconnectionsAsync(result.Value!) : 0;
            }, ct));
            devices.Subcommands.Add(command);
        }

        return devices;
    }

    private static Command Sessions(CliContext context)
    {
        var sessions = new Command("sessions", "Wi-Fi sessions as accounted by the terminals.");
        var nas = new Option<string?>("--nas") { Description = "Only this terminal's sessions." };
        var user = new Option<string?>("--user") { Description = "Only this account's (login or User-Name)." };
        var mac = new Option<string?>("--mac") { Description = "Only this device's." };
        var ip = new Option<string?>("--ip") { Description = "Only this IP address's." };
        var list = new Command("list", "List the open sessions.");
        foreach (var option in new[] { nas, user, mac, ip })
        {
            list.Options.Add(option);
        }

        list.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var criteria = await context.CriteriaAsync(null, null, parse.GetValue(ip), parse.GetValue(mac), parse.GetValue(user), parse.GetValue(nas));
            if (criteria is null)
            {
                return 2;
            }

            var open = await services.GetRequiredService<HotspotAdministration>().ListOpenSessionsAsync(criteria, HotspotAdministration.MaxSessions, token);
            await services.GetRequiredService<PersonalDataAudit>().WriteServedAsync(CliContext.Actor, AuditActions.SessionList,
                [.. criteria.ToAuditDetails(), new("limit", HotspotAdministration.MaxSessions.ToString(CultureInfo.InvariantCulture))], open.Count, "cli", null, token);
            await context.WriteTableAsync(["NAS", "ACCT-SESSION-ID", "USER", "MAC", "IP", "STARTED", "IN-OCTETS", "OUT-OCTETS"], open.Select(s => new[]
            {
                s.Nas, s.AcctSessionId, s.AccountLogin ?? s.UserName, s.Mac, s.FramedIp, CliContext.Time(s.StartedUnixMs),
                s.InputOctets.ToString(CultureInfo.InvariantCulture), s.OutputOctets.ToString(CultureInfo.InvariantCulture),
            }));
            return 0;
        }, ct));
        sessions.Subcommands.Add(list);

        var nasName = new Argument<string>("NAS") { Description = "The terminal's name (the NAS column of sessions list)." };
        var id = new Argument<string>("ACCT-SESSION-ID") { Description = "The session's Acct-Session-Id." };
        var disconnect = new Command("disconnect", "Disconnect a session at its terminal (RFC 5176 Disconnect-Request); exit code 1 unless the terminal confirms.");
        disconnect.Arguments.Add(nasName);
        disconnect.Arguments.Add(id);
        disconnect.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var result = await services.GetRequiredService<HotspotAdministration>().DisconnectSessionAsync(parse.GetRequiredValue(nasName), parse.GetRequiredValue(id), CliContext.Actor, token);
            return result.Status != AdminStatus.Ok ? await context.FailAsync(result) : await context.WriteDisconnectionsAsync([result.Value!]);
        }, ct));
        sessions.Subcommands.Add(disconnect);
        return sessions;
    }

    private static Command Nas(CliContext context)
    {
        var nasCommand = new Command("nas", "Terminals (NAS clients) allowed to use the RADIUS server.");
        var list = new Command("list", "List the NAS clients (never their secrets).");
        list.SetAction((_, ct) => context.RunAsync(async (services, token) =>
        {
            var clients = await services.GetRequiredService<HotspotAdministration>().ListNasAsync(token);
            await context.WriteTableAsync(["NAME", "ADDRESS", "TENANT", "GROUP", "MESSAGE-AUTHENTICATOR", "COA-PORT"], clients.Select(n => new[]
            {
                n.Name, n.Address, n.Tenant, n.GroupName, n.RequireMessageAuthenticator ? "required" : "optional", n.CoaPort.ToString(CultureInfo.InvariantCulture),
            }));
            return 0;
        }, ct));
        nasCommand.Subcommands.Add(list);

        var name = new Argument<string>("NAME") { Description = "The terminal's name (its metrics' host)." };
        var address = new Option<string>("--address") { Description = "Its IP address (needed for Disconnect/CoA) or a CIDR network.", Required = true };
        var (secretEnv, secret) = SecretOptions("secret", "the RADIUS shared secret");
        var group = new Option<string?>("--group") { Description = "Terminal group whose access policy applies (a new terminal: default; an existing one keeps its own)." };
        var tenant = new Option<string?>("--tenant") { Description = "Member body operating it (a new terminal: default; an existing one keeps its own)." };
        var noMessageAuthenticator = new Option<bool>("--no-message-authenticator") { Description = "Accept Access-Requests without Message-Authenticator (legacy terminals only; CVE-2024-3596). Without it or --require-message-authenticator, a new terminal requires it and an existing one keeps its setting." };
        var requireMessageAuthenticator = new Option<bool>("--require-message-authenticator") { Description = "Require Message-Authenticator in Access-Requests again (a terminal once taken with --no-message-authenticator)." };
        var coaPort = new Option<int?>("--coa-port") { Description = "Its Dynamic Authorization port (a new terminal: 3799; an existing one keeps its own)." };
        var clearLocation = new Option<bool>("--clear-location") { Description = "Clear its coordinates (latitude and longitude): it leaves the dashboard's map. Without it, an existing terminal keeps them." };
        var add = new Command("add", "Add a NAS client, or change the one with that name: its address and RADIUS shared secret are set anew (the secret read from standard input or --secret-env, never from the command line); "
            + "every other option not given keeps the terminal's current value (tenant, group, Message-Authenticator, CoA port, location), as the admin API's PUT does.");
        add.Arguments.Add(name);
        foreach (Option option in new Option[] { address, secretEnv, secret, group, tenant, noMessageAuthenticator, requireMessageAuthenticator, coaPort, clearLocation })
        {
            add.Options.Add(option);
        }

        add.Validators.Add(result =>
        {
            if (result.GetValue(noMessageAuthenticator) && result.GetValue(requireMessageAuthenticator))
            {
                result.AddError("--no-message-authenticator and --require-message-authenticator contradict each other: give one.");
            }
        });
        add.SetAction(async (parse, ct) =>
        {
            var shared = await ReadSecretAsync(context, parse, secret, secretEnv, "SECRET", "nas add NAME --address A", $"the RADIUS shared secret of {parse.GetRequiredValue(name)}");
            return shared is null ? 2 : await AddNasAsync(parse, shared, ct);
        });
        nasCommand.Subcommands.Add(add);

        Task<int> AddNasAsync(ParseResult parse, string shared, CancellationToken ct) => context.RunAsync(async (services, token) =>
        {
            var change = new NasClientChange(parse.GetRequiredValue(address), shared, parse.GetValue(tenant), parse.GetValue(group),
                MessageAuthenticator(parse.GetValue(noMessageAuthenticator), parse.GetValue(requireMessageAuthenticator)), parse.GetValue(coaPort), ClearLatitude: parse.GetValue(clearLocation), ClearLongitude: parse.GetValue(clearLocation));
            var result = await services.GetRequiredService<HotspotAdministration>().UpsertNasAsync(parse.GetRequiredValue(name), change, CliContext.Actor, token);
            if (result.Status != AdminStatus.Ok)
            {
                return await context.FailAsync(result);
            }

            await context.Output.WriteLineAsync($"NAS {result.Value!.Name} ({result.Value.Address}) saved");
            if (HotspotAdministration.ShortSecretWarning(result.Value.Name, shared) is { } warning)
            {
                await context.Error.WriteLineAsync("warning: " + warning.Message);
            }

            return 0;
        }, ct);

        var removed = new Argument<string>("NAME") { Description = "The terminal's name." };
        var remove = new Command("remove", "Remove a NAS client.");
        remove.Arguments.Add(removed);
        remove.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var result = await services.GetRequiredService<HotspotAdministration>().RemoveNasAsync(parse.GetRequiredValue(removed), CliContext.Actor, token);
            if (result.Status != AdminStatus.Ok)
            {
                return await context.FailAsync(result);
            }

            await context.Output.WriteLineAsync($"NAS {result.Value} removed");
            return 0;
        }, ct));
        nasCommand.Subcommands.Add(remove);
        return nasCommand;
    }

    /// <summary>
    /// Whether <c>nas add</c> requires Message-Authenticator: false with <c>--no-message-authenticator</c>, true with
    /// <c>--require-message-authenticator</c>, null (the terminal's current setting, required for a new one) with neither.
    /// </summary>
    private static bool? MessageAuthenticator(bool optional, bool required) => optional ? false : required ? true : null;

    private static Command Export(CliContext context)
    {
        var from = new Option<string>("--from") { Description = "Start of the period, ISO-8601 (2026-11-01T00:00:00Z; no offset means UTC).", Required = true };
        var to = new Option<string>("--to") { Description = "End of the period, inclusive.", Required = true };
        var ip = new Option<string?>("--ip") { Description = "The device's IP address." };
        var mac = new Option<string?>("--mac") { Description = "The device's MAC address." };
        var user = new Option<string?>("--user") { Description = "The account (login or User-Name)." };
        var nas = new Option<string?>("--nas") { Description = "The terminal's name." };
        var output = new Option<string>("--out") { Description = "The CSV file to create (never overwritten; owner-readable only), or - for standard output.", Required = true };
        var export = new Command("export", "Export the connection log for a judicial requisition (CPCE R10-13) as CSV (RFC 4180); recorded in the audit log.");
        foreach (Option option in new Option[] { from, to, ip, mac, user, nas, output })
        {
            export.Options.Add(option);
        }

        export.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var criteria = await context.CriteriaAsync(parse.GetRequiredValue(from), parse.GetRequiredValue(to), parse.GetValue(ip), parse.GetValue(mac), parse.GetValue(user), parse.GetValue(nas));
            if (criteria is null)
            {
                return 2;
            }

            var path = parse.GetRequiredValue(output);
            await using var stream = CliContext.OpenExport(path, out var problem);
            if (stream is null)
            {
                await context.Error.WriteLineAsync("error: " + problem);
                return 1;
            }

            var rows = await services.GetRequiredService<ConnectionLogExport>().WriteCsvAsync(criteria, CliContext.Actor, "cli", stream, token);
            if (path != "-")
            {
                await context.Output.WriteLineAsync($"{rows} session(s) written to {path}; the export is recorded in the audit log");
            }

            return 0;
        }, ct));
        return export;
    }

    private static Command AuditCommand(CliContext context)
    {
        var audit = new Command("audit", "The audit log: exports, purges and administrative changes.");
        var limit = new Option<int>("--limit") { Description = "How many entries, newest first (1 to 10000).", DefaultValueFactory = _ => 50 };
        var action = new Option<string?>("--action") { Description = "Only this action (e.g. legal_log.export)." };
        var list = new Command("list", "List the latest entries.");
        list.Options.Add(limit);
        list.Options.Add(action);
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                result.AddError("--limit must be 1 to 10000.");
            }
        });
        list.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var entries = await services.GetRequiredService<AuditLog>().ListAsync(parse.GetValue(limit), parse.GetValue(action), token);
            await services.GetRequiredService<PersonalDataAudit>().WriteServedAsync(CliContext.Actor, AuditActions.AuditList,
                [.. parse.GetValue(action) is { } asked ? [new KeyValuePair<string, string?>("action", asked)] : Array.Empty<KeyValuePair<string, string?>>(),
                    new("limit", parse.GetValue(limit).ToString(CultureInfo.InvariantCulture))], entries.Count, "cli", null, token);
            return await context.WriteAuditAsync(entries);
        }, ct));
        audit.Subcommands.Add(list);
        return audit;
    }

    /// <summary>
    /// The two options of a secret read by <see cref="ReadSecretAsync"/>: <c>--NAME-env VARIABLE</c>, the name of an
    /// environment variable holding it, and <c>--NAME</c>, hidden, refused with a clear message when given (an argument is
    /// visible in <c>ps</c> and stays in the shell's history).
    /// </summary>
    /// <param name="name">The option's name without dashes: <c>password</c>, <c>secret</c>.</param>
    /// <param name="what">What the secret is, for the help: <c>the new password</c>.</param>
    private static (Option<string?> FromEnvironment, Option<string?> Refused) SecretOptions(string name, string what) =>
        (new Option<string?>($"--{name}-env")
        {
            Description = $"The name of an environment variable holding {what}. Without it, {what} is read from standard input: "
                + "typed twice without echo at a terminal, or one line when piped.",
            HelpName = "VARIABLE",
        },
        new Option<string?>($"--{name}") { Hidden = true });

    /// <summary>
    /// Reads a secret the way every command here does (<see cref="SecretInput"/>: no-echo prompt on a terminal, one line
    /// of piped standard input, or the variable named by <paramref name="fromEnvironment"/>), after refusing it given on
    /// the command line (<paramref name="refused"/>), where <c>ps</c> and the shell's history would show it.
    /// </summary>
    /// <returns>The secret, or null when it was refused or could not be read (the reason written to the error stream).</returns>
    private static async Task<string?> ReadSecretAsync(CliContext context, ParseResult parse, Option<string?> refused, Option<string?> fromEnvironment,
        string variable, string usage, string what)
    {
        if (parse.GetValue(refused) is not null)
        {
            await context.Error.WriteLineAsync($"error: {refused.Name} is not taken on the command line, where ps and the shell's history show it: "
                + $"type it at the prompt, pipe it (printf '%s\\n' \"${variable}\" | {HotspotCli.ProgramName} {usage}), or name an environment variable with {fromEnvironment.Name} VARIABLE");
            return null;
        }

        return await SecretInput.ReadAsync(context.Input, what, parse.GetValue(fromEnvironment));
    }
}
