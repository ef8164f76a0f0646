namespace Alpi.Collector.Security.Accounts;

/// <summary>The rule for account names: 1–64 characters, ASCII letters, digits, <c>.</c>, <c>-</c>, <c>_</c>, <c>@</c>; compared ignoring ASCII case.</summary>
public static class AccountNames
{
    /// <summary>Longest name, characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Why <paramref name="name"/> is not a valid account name, or null when it is.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return $"an account name has 1 to {MaxLength} characters";
        }

        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@')
            ? null
            : $"account name \"{name}\" may hold only ASCII letters, digits, '.', '-', '_' and '@'";
    }
}
