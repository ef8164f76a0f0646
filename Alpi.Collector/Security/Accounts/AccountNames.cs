using Alpi.Protocols.Json;

namespace Alpi.Collector.Security.Accounts;

/// <summary>The rule for account names: 1–64 characters, ASCII letters, digits, <c>.</c>, <c>-</c>, <c>_</c>, <c>@</c>; compared ignoring ASCII case.</summary>
public static class AccountNames
{
    /// <summary>Longest name, characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Why <paramref name="name"/> is not a valid account name, or null when it is.</summary>
    public static string? Problem(string? name) => Refusal(name)?.Sentence;

    /// <summary>
    /// Why <paramref name="name"/> is not a valid account name, with its code (<see cref="RefusalCodes.AccountNameLength"/>,
    /// <see cref="RefusalCodes.AccountNameCharacters"/>), or null when it is.
    /// </summary>
    public static Refusal? Refusal(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return Protocols.Json.Refusal.Of(RefusalCodes.AccountNameLength, $"an account name has 1 to {MaxLength} characters", ("max", MaxLength));
        }

        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@')
            ? null
            : Protocols.Json.Refusal.Of(RefusalCodes.AccountNameCharacters, $"account name \"{name}\" may hold only ASCII letters, digits, '.', '-', '_' and '@'", ("name", name));
    }
}
