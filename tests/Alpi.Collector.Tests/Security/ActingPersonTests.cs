using System.Security.Claims;
using Alpi.Collector.Security;
using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Tests.Security;

/// <summary>
/// Who an acknowledgement, a silence or a maintenance window is recorded under (<see cref="ActingPerson"/>): a person
/// signed in to the dashboard is their account, whatever the body's <c>by</c> says (nobody acts in another's name); a
/// script with a bearer token names the person it acts for in <c>by</c>, else it is its token. A new user found <c>by</c>
/// "ignored" (a session): that is the rule, now said in the README.
/// </summary>
[TestFixture]
public sealed class ActingPersonTests
{
    // Each: how the caller is authenticated, its name claim, the body's by, and the name recorded.
    [TestCase(SecurityClaims.Cookie, "bob.durand", "alice", "bob.durand")]   // a session cannot act in another's name
    [TestCase(SecurityClaims.Cookie, "bob.durand", null, "bob.durand")]
    [TestCase(SecurityClaims.Token, "token:nagios", "alice", "alice")]        // a script names the person it acts for
    [TestCase(SecurityClaims.Token, "token:nagios", "  alice ", "alice")]
    [TestCase(SecurityClaims.Token, "token:nagios", null, "token:nagios")]   // else it is its token
    [TestCase(SecurityClaims.Token, "token:nagios", "   ", "token:nagios")]
    public void Of_TheSessionsAccount_OrTheTokensPerson(string method, string name, string? by, string expected)
    {
        var http = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(SecurityClaims.AuthenticationMethod, method)], "test")),
        };

        ActingPerson.Of(http, by).Should().Be(expected);
    }
}
