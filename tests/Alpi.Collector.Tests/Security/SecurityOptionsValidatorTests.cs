using Alpi.Collector.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests.Security;

public sealed class SecurityOptionsValidatorTests
{
    [Test]
    public async Task ValidateConfiguration_EveryProblem_NamedByItsKey_NeverTheTokenItself()
    {
        await using var app = CollectorApplication.Create([
            "--Collector:Security:Tokens:ci:Token=secret-but-short",
            "--Collector:Security:Tokens:ci:Scope=write",
            "--Collector:Security:Tokens:both:Token=0123456789abcdef0123456789abcdef",
            "--Collector:Security:Tokens:both:Hash=00",
            "--Collector:Security:Tokens:both:Scope=read",
            "--Collector:Security:Tokens:hash:Hash=xyz",
            "--Collector:Security:Tokens:hash:Scope=admin",
            "--Collector:Security:MaxFailedLogins=0",
            "--Collector:Security:SessionIdleTimeout=00:00:10",
            "--Collector:Security:AllowedOrigins:0=https://example.org/path",
            "--Collector:Security:BootstrapAdmin=the admin",
        ]);

        var problems = CollectorApplication.ValidateConfiguration(app);

        problems.Should().Contain(p => p.StartsWith("Collector:Security:Tokens:ci:Token has 16 characters", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Collector:Security:Tokens:ci:Scope \"write\"", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Collector:Security:Tokens:both must have exactly one of Token", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Collector:Security:Tokens:hash:Hash must be 64 hexadecimal digits", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Collector:Security:MaxFailedLogins 0", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Collector:Security:SessionIdleTimeout", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Collector:Security:AllowedOrigins:0", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Collector:Security:BootstrapAdmin", StringComparison.Ordinal));
        problems.Should().HaveCount(8);
        problems.Should().NotContain(p => p.Contains("secret-but-short", StringComparison.Ordinal) || p.Contains("0123456789abcdef0123456789abcdef", StringComparison.Ordinal));
    }

    [Test]
    public async Task Defaults_AreValid()
    {
        await using var app = CollectorApplication.Create([]);

        CollectorApplication.ValidateConfiguration(app).Should().BeEmpty();
        app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.BootstrapAdmin.Should().Be("admin");
    }
}
