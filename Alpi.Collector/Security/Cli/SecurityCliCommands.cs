using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Alpi.Collector.Security.Accounts;
using Alpi.Collector.Security.Audit;
using Alpi.Collector.Security.Authorization;
using Alpi.Collector.Security.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.Collector.Security.Cli;

/// <summary>The command tree of <see cref="SecurityCli"/>: users, tokens, audit.</summary>
internal static class SecurityCliCommands
{
    public static RootCommand Build(SecurityCliContext context)
    {
        var root = new RootCommand("Access control of the Alpi collector: the dashboard's accounts, API tokens and the audit log. "
            + "Without a command, the binary runs the collector. Configuration switches (--Collector:DataDirectory=/srv/alpi) may be added to any command.")
        {
            HelpName = SecurityCli.ProgramName,
        };
        root.Subcommands.Add(Users(context));
        root.Subcommands.Add(Tokens(context));
        root.Subcommands.Add(AuditCommand(context));
        return root;
    }

    private static Command Users(SecurityCliContext context)
    {
        var roles = string.Join(", ", AlpiRoles.All);
        var users = new Command("users", $"The dashboard's accounts. Roles: {roles}.");

        var list = new Command("list", "List the accounts.");
        list.SetAction((_, ct) => context.RunAsync(async (services, token) =>
        {
            var accounts = await services.GetRequiredService<AccountStore>().ListAsync(token);
            await context.WriteTableAsync(["NAME", "ROLE", "CREATED", "PASSWORD-SET", "LAST-LOGIN", "LOCKED-UNTIL", "DISABLED"], accounts.Select(a => new[]
            {
                a.Name, a.Role, SecurityCliContext.Time(a.CreatedAt), SecurityCliContext.Time(a.PasswordChangedAt), SecurityCliContext.Time(a.LastLoginAt), SecurityCliContext.Time(a.LockedUntil),
                SecurityCliContext.Time(a.DisabledAt),
            }));
            return 0;
        }, ct));
        users.Subcommands.Add(list);

        var addName = NameArgument();
        var addRole = new Option<string>("--role") { Description = $"One of {roles}.", Required = true };
        var addGenerate = GenerateOption();
        var add = new Command("add", $"Create an account; the password ({AccountPasswords.MinLength} to {AccountPasswords.MaxLength} characters) is read from standard input, or typed twice at a terminal.");
        add.Arguments.Add(addName);
        add.Options.Add(addRole);
        add.Options.Add(addGenerate);
        add.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var name = parse.GetRequiredValue(addName);
            var password = await PasswordAsync(context, name, parse.GetValue(addGenerate));
            if (password is null)
            {
                return 2;
            }

            var result = await services.GetRequiredService<AccountAdministration>().AddAsync(name, parse.GetRequiredValue(addRole), password, Actor(), token);
            if (result.Account is null)
            {
                return await context.FailAsync(result);
            }

            await context.Console.Output.WriteLineAsync($"account {result.Account.Name} ({result.Account.Role}) created");
            return 0;
        }, ct));
        users.Subcommands.Add(add);

        var passwdName = NameArgument();
        var passwdGenerate = GenerateOption();
        var passwd = new Command("passwd", "Set an account's password (read as for add); ends its sessions and any lockout.");
        passwd.Arguments.Add(passwdName);
        passwd.Options.Add(passwdGenerate);
        passwd.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var name = parse.GetRequiredValue(passwdName);
            if (await services.GetRequiredService<AccountStore>().FindAsync(name, token) is null)
            {
                await context.Console.Error.WriteLineAsync($"error: no account \"{name}\"");
                return 1;
            }

            var password = await PasswordAsync(context, name, parse.GetValue(passwdGenerate));
            if (password is null)
            {
                return 2;
            }

            var result = await services.GetRequiredService<AccountAdministration>().SetPasswordAsync(name, password, Actor(), token);
            if (result.Account is null)
            {
                return await context.FailAsync(result);
            }

            await context.Console.Output.WriteLineAsync($"password of {result.Account.Name} changed");
            return 0;
        }, ct));
        users.Subcommands.Add(passwd);

        var roleName = NameArgument();
        var roleValue = new Argument<string>("ROLE") { Description = $"One of {roles}." };
        var role = new Command("role", "Give an account another role; ends its sessions.");
        role.Arguments.Add(roleName);
        role.Arguments.Add(roleValue);
        role.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var result = await services.GetRequiredService<AccountAdministration>().SetRoleAsync(parse.GetRequiredValue(roleName), parse.GetRequiredValue(roleValue), Actor(), token);
            if (result.Account is null)
            {
                return await context.FailAsync(result);
            }

            await context.Console.Output.WriteLineAsync($"account {result.Account.Name} is now {result.Account.Role}");
            return 0;
        }, ct));
        users.Subcommands.Add(role);

        foreach (var (verb, description) in new[]
        {
            ("unlock", "End an account's lockout after failed logins."),
            ("disable", "Disable an account: its logins are refused and its sessions end; the account and its history are kept."),
            ("enable", "Enable a disabled account again."),
            ("remove", "Delete an account; its sessions end."),
        })
        {
            var name = NameArgument();
            var command = new Command(verb, description);
            command.Arguments.Add(name);
            command.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
            {
                var administration = services.GetRequiredService<AccountAdministration>();
                var result = verb switch
                {
                    "unlock" => await administration.UnlockAsync(parse.GetRequiredValue(name), Actor(), token),
                    "disable" or "enable" => await administration.SetDisabledAsync(parse.GetRequiredValue(name), verb == "disable", Actor(), token),
                    _ => await administration.RemoveAsync(parse.GetRequiredValue(name), Actor(), token),
                };
                if (result.Account is null)
                {
                    return await context.FailAsync(result);
                }

                var done = verb switch { "unlock" => "unlocked", "disable" => "disabled", "enable" => "enabled", _ => "removed" };
                await context.Console.Output.WriteLineAsync($"account {result.Account.Name} {done}");
                return 0;
            }, ct));
            users.Subcommands.Add(command);
        }

        return users;
    }

    private static Command Tokens(SecurityCliContext context)
    {
        var tokens = new Command("tokens", "Bearer tokens for scripts (Collector:Security:Tokens). Nothing is stored: the output goes into the configuration.");
        var name = new Argument<string>("NAME") { Description = "The token's name: its holder, the actor token:NAME in the audit log." };
        var scope = new Option<string>("--scope") { Description = $"{TokenScopes.Read} (the read API) or {TokenScopes.Admin} (everything).", Required = true };
        var create = new Command("new", "Make a random token (256 bits) and print it once, with the configuration that accepts it (its SHA-256, not the token).");
        create.Arguments.Add(name);
        create.Options.Add(scope);
        create.SetAction(async (parse, ct) =>
        {
            var tokenName = parse.GetRequiredValue(name);
            var tokenScope = parse.GetRequiredValue(scope);
            if (AccountNames.Problem(tokenName) is not null || TokenScopes.RoleOf(tokenScope) is null)
            {
                await context.Console.Error.WriteLineAsync($"error: NAME has 1 to {AccountNames.MaxLength} ASCII letters, digits, '.', '-', '_' or '@', and --scope is {TokenScopes.Read} or {TokenScopes.Admin}");
                return 2;
            }

            var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var hash = ApiTokenRegistry.Hash(secret);
            var output = context.Console.Output;
            await output.WriteLineAsync("Token (shown once; the script sends it as \"Authorization: Bearer <token>\"):");
            await output.WriteLineAsync("  " + secret);
            await output.WriteLineAsync("Configuration, in collector.json under \"Collector\": { \"Security\": { \"Tokens\": { … } } }:");
            await output.WriteLineAsync($"  \"{tokenName}\": {{ \"Hash\": \"{hash}\", \"Scope\": \"{tokenScope}\" }}");
            await output.WriteLineAsync("or as environment variables:");
            await output.WriteLineAsync($"  ALPI_Collector__Security__Tokens__{tokenName}__Hash={hash}");
            await output.WriteLineAsync($"  ALPI_Collector__Security__Tokens__{tokenName}__Scope={tokenScope}");
            return 0;
        });
        tokens.Subcommands.Add(create);

        var hashCommand = new Command("hash", "Print the SHA-256 of a token read from standard input (or typed twice at a terminal), for Tokens:NAME:Hash.");
        hashCommand.SetAction(async (_, ct) =>
        {
            var secret = await context.ReadSecretAsync("token");
            if (secret is null)
            {
                return 2;
            }

            if (secret.Length < ApiTokenOptions.MinTokenLength)
            {
                await context.Console.Error.WriteLineAsync($"error: a token has at least {ApiTokenOptions.MinTokenLength} characters; this one has {secret.Length}");
                return 2;
            }

            await context.Console.Output.WriteLineAsync(ApiTokenRegistry.Hash(secret));
            return 0;
        });
        tokens.Subcommands.Add(hashCommand);
        return tokens;
    }

    private static Command AuditCommand(SecurityCliContext context)
    {
        var audit = new Command("audit", "The audit log: logins, account changes, state-changing API requests, accesses to personal data.");
        var limit = new Option<int>("--limit") { Description = $"At most this many entries, newest first (1 to {AuditLog.MaxLimit}).", DefaultValueFactory = _ => 50 };
        var category = new Option<string?>("--category") { Description = $"Only {AuditCategories.Authentication}, {AuditCategories.Administration} or {AuditCategories.PersonalData}." };
        var actor = new Option<string?>("--actor") { Description = "Only this actor (an account, token:NAME, cli:USER)." };
        var list = new Command("list", "List entries, newest first.");
        list.Options.Add(limit);
        list.Options.Add(category);
        list.Options.Add(actor);
        list.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var count = parse.GetValue(limit);
            if (count is < 1 or > AuditLog.MaxLimit)
            {
                await context.Console.Error.WriteLineAsync($"error: --limit {count} must be between 1 and {AuditLog.MaxLimit}");
                return 2;
            }

            var entries = await services.GetRequiredService<AuditLog>().ListAsync(new AuditQuery(count, parse.GetValue(actor), parse.GetValue(category)), token);
            await context.WriteTableAsync(["ID", "AT", "ACTOR", "ADDRESS", "CATEGORY", "ACTION", "TARGET", "OUTCOME", "DETAILS"], entries.Select(e => new[]
            {
                e.Id.ToString(CultureInfo.InvariantCulture), SecurityCliContext.Time(e.At), e.Actor, e.Address, e.Category, e.Action, e.Target, e.Outcome, e.Details,
            }));
            return 0;
        }, ct));
        audit.Subcommands.Add(list);
        return audit;
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "The account's name (letters, digits, '.', '-', '_', '@'; compared ignoring case)." };

    private static Option<bool> GenerateOption() => new("--generate-password") { Description = "Make a random password and print it, instead of reading one." };

    private static AuditActor Actor() => new(SecurityCliContext.Actor, null);

    /// <summary>The password to set: generated and printed, or read; null (error printed) when none could be read.</summary>
    private static async Task<string?> PasswordAsync(SecurityCliContext context, string name, bool generate)
    {
        if (!generate)
        {
            return await context.ReadSecretAsync($"password for {name}");
        }

        var password = InitialPassword.Generate();
        await context.Console.Output.WriteLineAsync($"password of {name} (shown once): {password}");
        return password;
    }
}
