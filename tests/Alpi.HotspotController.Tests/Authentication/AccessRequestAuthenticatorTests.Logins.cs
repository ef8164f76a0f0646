using Alpi.HotspotController.Accounts;

namespace Alpi.HotspotController.Tests.Authentication;

/// <summary>The User-Name of an Access-Request in another spelling of the account's login (RFC 8265 §3.3 mappings).</summary>
public partial class AccessRequestAuthenticatorTests
{
    // Each case: a User-Name a terminal may send for josé@example.org, typed on a phone that decomposes or widens.
    [TestCase("jose\u0301@example.org")] // NFD
    [TestCase("JOSE\u0301@EXAMPLE.ORG")]
    [TestCase("\uFF4Aos\u00E9@example.org")] // fullwidth ｊ
    public async Task PAP_WithTheLoginInAnotherSpelling_IsAccepted_ForTheAccount(string userName)
    {
        var jose = (await _accounts.CreateAsync("jos\u00E9@example.org", null, AccountPasswords.Hash("correct horse"), T0, T0, CancellationToken.None))!;

        var decision = await AuthenticateAsync(Pap(userName, "correct horse"));

        decision.Accepted.Should().BeTrue();
        decision.AccountId.Should().Be(jose.Id);
        decision.Login.Should().Be("jos\u00E9@example.org", "the account's login, as the connection log records it");
    }

    [Test]
    public async Task CHAP_WithTheLoginInAnotherSpelling_UsesTheAccountsLogonToken()
    {
        var jose = (await _accounts.CreateAsync("jos\u00E9@example.org", null, AccountPasswords.Hash("correct horse"), T0, T0, CancellationToken.None))!;
        var token = await _tokens.IssueAsync(jose.Login, null, T0, TimeSpan.FromMinutes(2), CancellationToken.None);

        var decision = await AuthenticateAsync(Chap("jose\u0301@example.org", token));

        decision.Accepted.Should().BeTrue();
        decision.AccountId.Should().Be(jose.Id);
    }
}
