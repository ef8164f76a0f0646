using Alpi.HotspotController.Admin;
using Alpi.HotspotController.Coa;
using Alpi.HotspotController.LegalLog;

namespace Alpi.HotspotController.Tests.Admin;

public class AdminOptionsValidatorTests
{
    private static AdminTokenOptions Token(string name, string token, string role) => new() { Name = name, Token = token, Role = role };

    [Test]
    public void Validate_BadTokens_NamesEveryProblemWithoutQuotingATokenOrSecret()
    {
        var options = new HotspotOptions();
        options.Admin.Tokens.AddRange(
        [
            Token("ops", "short-secret-token", "admin"),
            Token("ops", new string('a', 40), "root"),
            Token("", new string('a', 40), "dpo"),
        ]);

        var result = new AdminOptionsValidator().Validate(null, options);

        result.Failures.Should().BeEquivalentTo(
            "Hotspot:Admin:Tokens:0:Token has 18 characters; at least 32 are needed (e.g. openssl rand -hex 32).",
            "Hotspot:Admin:Tokens:1:Name 'ops' is used by another token; names must be unique.",
            "Hotspot:Admin:Tokens:1:Role 'root' is not 'admin' or 'dpo'.",
            "Hotspot:Admin:Tokens:2:Name must not be empty (it names the actor in the audit log).",
            "Hotspot:Admin:Tokens:2:Token is the same as another token's; tokens must be unique.");
        string.Join(" ", result.Failures!).Should().NotContain("short-secret-token");
    }

    [Test]
    public void Validate_BadCoaAndPurgeSchedule_AreReportedByTheirValidators()
    {
        var options = new HotspotOptions
        {
            Coa = new CoaOptions { Timeout = TimeSpan.Zero, Retries = 11, BindAddress = "here" },
            LegalLog = new LegalLogOptions { PurgeSchedule = "every night" },
        };

        new CoaOptionsValidator().Validate(null, options).Failures.Should().HaveCount(3);
        new LegalLogOptionsValidator().Validate(null, options).Failures.Should().ContainSingle().Which.Should().StartWith("Hotspot:LegalLog:PurgeSchedule 'every night'");
    }

    [Test]
    public void Match_FindsTheTokenAndIgnoresTooShortOnes()
    {
        AdminTokenOptions[] tokens = [Token("a", new string('a', 32), "admin"), Token("b", "b", "admin"), Token("c", new string('c', 40), "dpo")];

        AdminTokenAuthenticationHandler.Match(new string('c', 40), tokens)!.Name.Should().Be("c");
        AdminTokenAuthenticationHandler.Match("b", tokens).Should().BeNull("a token shorter than 32 characters never authenticates");
        AdminTokenAuthenticationHandler.Match(new string('a', 31), tokens).Should().BeNull();
    }
}
