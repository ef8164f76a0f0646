using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Security;

/// <summary>
/// Who an operating request (acknowledgement, silence, maintenance window) is recorded under: a person signed in to the
/// dashboard acts under their account's name, whatever the body says, so that nobody acknowledges in another's name; a
/// script with a bearer token names the person in the body's <c>by</c>, else it is recorded as <c>token:&lt;name&gt;</c>.
/// </summary>
public static class ActingPerson
{
    /// <summary>
    /// The name to record: the account's name for a session (cookie), else <paramref name="requestedBy"/> trimmed when not
    /// blank, else the caller's name claim; null when none of these is known (an anonymous caller without <c>by</c>).
    /// </summary>
    /// <param name="http">The request, after authentication.</param>
    /// <param name="requestedBy">The body's <c>by</c>, or null.</param>
    public static string? Of(HttpContext http, string? requestedBy)
    {
        ArgumentNullException.ThrowIfNull(http);
        var name = http.User.FindFirst(ClaimTypes.Name)?.Value;
        if (http.User.FindFirst(SecurityClaims.AuthenticationMethod)?.Value == SecurityClaims.Cookie && !string.IsNullOrWhiteSpace(name))
        {
            return name;
        }

        if (!string.IsNullOrWhiteSpace(requestedBy))
        {
            return requestedBy.Trim();
        }

        return string.IsNullOrWhiteSpace(name) ? null : name;
    }
}
