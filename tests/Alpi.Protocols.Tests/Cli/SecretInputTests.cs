using Alpi.Protocols.Cli;

namespace Alpi.Protocols.Tests.Cli;

[TestFixture]
public sealed class SecretInputTests
{
    // Each: what is piped on standard input, and the secret read (the line's end is not part of it).
    [TestCase("correct horse\n", "correct horse")]
    [TestCase("correct horse\r\n", "correct horse")]  // a file written on Windows
    [TestCase("correct horse", "correct horse")]      // no final line feed (echo -n, printf '%s')
    [TestCase(" spaced \nsecond line\n", " spaced ")] // one line only; spaces are kept
    public async Task Piped_ReadsOneLine(string stdin, string expected)
    {
        using var errors = new StringWriter();

        var secret = await SecretInput.ReadAsync(new SecretInput.Source(new StringReader(stdin), false, errors), "the password of alice", null);

        secret.Should().Be(expected);
        errors.ToString().Should().BeEmpty();
    }

    [TestCase("")]
    [TestCase("\n")]
    public async Task Piped_Nothing_IsNull_WithAnErrorSayingHowToGiveIt(string stdin)
    {
        using var errors = new StringWriter();

        var secret = await SecretInput.ReadAsync(new SecretInput.Source(new StringReader(stdin), false, errors), "the password of alice", null);

        secret.Should().BeNull();
        errors.ToString().Should().Be("error: the password of alice was not given: type it at the prompt, pipe it as one line on standard input, or name an environment variable that holds it" + Environment.NewLine);
    }

    [Test]
    public async Task NamedEnvironmentVariable_IsReadInsteadOfStandardInput()
    {
        using var errors = new StringWriter();
        var source = new SecretInput.Source(new StringReader("from stdin\n"), false, errors);

        var secret = await SecretInput.ReadAsync(source, "the password of alice", "PW", name => name == "PW" ? "from the environment" : null);

        secret.Should().Be("from the environment");
    }

    [TestCase(null)]
    [TestCase("")]
    public async Task NamedEnvironmentVariable_UnsetOrEmpty_IsNull_NamingIt(string? value)
    {
        using var errors = new StringWriter();
        var source = new SecretInput.Source(new StringReader("from stdin\n"), false, errors);

        var secret = await SecretInput.ReadAsync(source, "the password of alice", "PW", _ => value);

        secret.Should().BeNull("standard input is not read when a variable is named");
        errors.ToString().Should().Contain("the environment variable PW that should hold the password of alice is not set or empty");
    }
}
