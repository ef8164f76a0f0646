using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Alpi.Collector.Broker.Authentication;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Broker;

/// <summary>
/// The embedded broker reads Mosquitto password files: hashes written by the real <c>mosquitto_passwd</c> 2.0
/// (<c>$7$</c>, PBKDF2-SHA512) and Mosquitto 1.x files (<c>$6$</c>), and bad lines beside good ones.
/// </summary>
public class MosquittoPasswordFileTests
{
    [Test]
    [Category("Integration")]
    public async Task Verify_HashWrittenByMosquittoPasswd_AcceptsThePasswordOnly()
    {
        using var folder = new TempDirectory("alpi-passwd");
        var file = Path.Combine(folder.Path, "passwd");
        // A password with a colon, a space and non-ASCII letters: octets as UTF-8, as MQTT carries them.
        await RunAsync("mosquitto_passwd", "-c", "-b", file, "mairie-exemple.srv-01", "pa:ss wörd");
        await RunAsync("mosquitto_passwd", "-b", file, "alpi-collector", "collector-secret");

        var passwords = MosquittoPasswordFile.Parse(await File.ReadAllLinesAsync(file));

        passwords.Problems.Should().BeEmpty();
        passwords.Count.Should().Be(2);
        passwords.Verify("mairie-exemple.srv-01", Encoding.UTF8.GetBytes("pa:ss wörd")).Should().BeTrue();
        passwords.Verify("alpi-collector", "collector-secret"u8).Should().BeTrue();
        passwords.Verify("mairie-exemple.srv-01", "pa:ss word"u8).Should().BeFalse();
        passwords.Verify("alpi-collector", "pa:ss wörd"u8).Should().BeFalse("each user has their own password");
        passwords.Verify("nobody", "collector-secret"u8).Should().BeFalse();
    }

    [Test]
    public void Verify_Sha512HashOfMosquitto1_AcceptsThePassword()
    {
        // $6$<salt>$<SHA-512(password || salt)>, as Mosquitto 1.x's mosquitto_passwd wrote it (common/password_mosq.c).
        var salt = RandomNumberGenerator.GetBytes(12);
        var digest = SHA512.HashData([.. "old-password"u8, .. salt]);
        var line = $"legacy:$6${Convert.ToBase64String(salt)}${Convert.ToBase64String(digest)}";

        var passwords = MosquittoPasswordFile.Parse([line]);

        passwords.Verify("legacy", "old-password"u8).Should().BeTrue();
        passwords.Verify("legacy", "old-passwore"u8).Should().BeFalse();
    }

    [Test]
    public void Parse_BadLinesBesideGoodOnes_KeepsTheGoodUsersAndNamesEachBadLine()
    {
        var good = MosquittoPasswordHash.Create("good"u8);
        string[] lines =
        [
            "# comment: skipped, as by Mosquitto",
            "a line without a colon is skipped",
            $"  t.ok  :{good}",
            "t.plain:plain-text-password",
            "t.broken:$7$101$not base64$AAAA",
            "t.short:$7$101$AAAAAAAAAAAAAAAA$AAAA",
            "t.zero:$7$0$AAAAAAAAAAAAAAAA$" + Convert.ToBase64String(new byte[64]),
            "t.argon:$argon2id$v=19$m=47104,t=1,p=1$c2FsdA$aGFzaA",
            $":{good}",
            $"t.ok:{MosquittoPasswordHash.Create("second"u8)}",
        ];

        var passwords = MosquittoPasswordFile.Parse(lines);

        passwords.Count.Should().Be(1);
        passwords.Verify("t.ok", "good"u8).Should().BeTrue("blanks around the user name are trimmed and the first line of a repeated user stays");
        passwords.Problems.Select(p => p.Line).Should().Equal(4, 5, 6, 7, 8, 9, 10);
        passwords.Problems[0].Message.Should().Contain("t.plain").And.Contain("mosquitto_passwd -U").And.NotContain("plain-text-password");
        passwords.Problems[4].Message.Should().Contain("argon2id");
        passwords.Verify("t.plain", "plain-text-password"u8).Should().BeFalse("a line that is not a hash lets nobody in");
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException(program + " did not start");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, error);
    }
}
