using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Alpi.HotspotController.Authentication;

/// <summary>
/// The Class attribute (RFC 2865 §5.25) put in every Access-Accept and echoed unmodified by the NAS in its
/// Accounting-Requests (RFC 2865 §5.25, RFC 2866 §5.13), which ties a session back to the account that was accepted even when the User-Name is a
/// MAC or the device later changes hands. Text <c>alpi:&lt;account id&gt;:&lt;method&gt;</c>, e.g. <c>alpi:42:mac</c>;
/// an identifier rather than the login, so the terminal learns nothing personal.
/// </summary>
/// <param name="AccountId">The account accepted.</param>
/// <param name="Method">How it authenticated.</param>
public readonly record struct SessionClass(long AccountId, AuthenticationMethod Method)
{
    private const string Prefix = "alpi:";

    /// <summary>The attribute value octets.</summary>
    public byte[] ToBytes() => Encoding.ASCII.GetBytes(ToString());

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{AccountId}:{Method.ToString().ToLowerInvariant()}");

    /// <summary>Reads a Class value written by <see cref="ToBytes"/>.</summary>
    /// <param name="value">The attribute's octets.</param>
    /// <param name="sessionClass">The value read.</param>
    /// <returns>False for any other Class (another server's, or garbage).</returns>
    public static bool TryParse(ReadOnlySpan<byte> value, [NotNullWhen(true)] out SessionClass? sessionClass)
    {
        sessionClass = null;
        if (value.Length > 64)
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(value);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text[Prefix.Length..].Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !Enum.TryParse<AuthenticationMethod>(parts[1], ignoreCase: true, out var method) || !Enum.IsDefined(method))
        {
            return false;
        }

        sessionClass = new SessionClass(id, method);
        return true;
    }
}
