using Alpi.Collector.Security;
using Alpi.Collector.Security.Tokens;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests.Security.Tokens;

public sealed class ApiTokenRegistryTests
{
    private const string Clear = "clear-token-0123456789abcdef0123456789";
    private const string Hashed = "hashed-token-0123456789abcdef0123456789";

    private static ApiTokenRegistry Registry() => new(Options.Create(new SecurityOptions
    {
        Tokens = new(StringComparer.Ordinal)
        {
            ["grafana"] = new() { Token = Clear, Scope = "read" },
            ["ops"] = new() { Hash = ApiTokenRegistry.Hash(Hashed).ToUpperInvariant(), Scope = "admin" },
            ["short"] = new() { Token = "too-short", Scope = "admin" },
        },
    }));

    [Test]
    public void Match_ClearToken_GivesItsNameAndTheRoleOfItsScope() => Registry().Match(Clear).Should().Be(("grafana", "viewer"));

    [Test]
    public void Match_TokenGivenByItsHash_AnyHexCase() => Registry().Match(Hashed).Should().Be(("ops", "administrator"));

    [TestCase("too-short")]
    [TestCase("")]
    [TestCase("clear-token-0123456789abcdef012345678")]
    public void Match_OtherText_MatchesNothing(string presented) => Registry().Match(presented).Should().BeNull();

    [Test]
    public void Hash_IsSha256InLowerCaseHex() =>
        ApiTokenRegistry.Hash("abc").Should().Be("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // FIPS 180-2 test vector
}
