using System.Net;
using System.Net.Sockets;
using Alpi.Agent.Collectors.Snmp;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Agent.Tests.Collectors.Snmp;

public class SnmpAddressResolverTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private FakeTimeProvider _time = null!;
    private List<string> _asked = null!;
    private Func<string, IPAddress[]> _answer = null!;

    [SetUp]
    public void Reset()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        _asked = [];
        _answer = _ => [IPAddress.Parse("192.0.2.7")];
    }

    private SnmpAddressResolver Resolver() => new(_time, (name, _) =>
    {
        _asked.Add(name);
        return Task.FromResult(_answer(name));
    }, TimeSpan.FromMinutes(5));

    private static SnmpDeviceAddress Address(string text) =>
        SnmpDeviceAddress.TryParse(text, out var address) ? address : throw new ArgumentException(text);

    [Test]
    public async Task ResolveAsync_IpAddress_IsUsedWithoutAskingTheResolver()
    {
        var result = await Resolver().ResolveAsync(Address("192.0.2.10:1161"), Timeout, CancellationToken.None);

        result.EndPoint.Should().Be(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 1161));
        _asked.Should().BeEmpty();
    }

    [Test]
    public async Task ResolveAsync_SameNameWithinTheLifetime_IsAnsweredFromTheCache()
    {
        var resolver = Resolver();
        await resolver.ResolveAsync(Address("ap1.example"), Timeout, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(4));

        var second = await resolver.ResolveAsync(Address("ap1.example:1161"), Timeout, CancellationToken.None);

        second.EndPoint.Should().Be(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 1161), "the cached address with this device's port");
        _asked.Should().Equal("ap1.example");
    }

    [Test]
    public async Task ResolveAsync_AfterTheLifetime_ResolvesAgainAndFollowsTheNewAddress()
    {
        var resolver = Resolver();
        await resolver.ResolveAsync(Address("ap1.example"), Timeout, CancellationToken.None);
        _answer = _ => [IPAddress.Parse("192.0.2.8")];
        _time.Advance(TimeSpan.FromMinutes(5));

        var later = await resolver.ResolveAsync(Address("ap1.example"), Timeout, CancellationToken.None);

        later.EndPoint!.Address.Should().Be(IPAddress.Parse("192.0.2.8"));
        _asked.Should().HaveCount(2);
    }

    [Test]
    public async Task ResolveAsync_AfterForget_ResolvesAgainAtOnce()
    {
        var resolver = Resolver();
        await resolver.ResolveAsync(Address("ap1.example"), Timeout, CancellationToken.None);

        resolver.Forget("ap1.example");
        await resolver.ResolveAsync(Address("ap1.example"), Timeout, CancellationToken.None);

        _asked.Should().HaveCount(2);
    }

    [Test]
    public async Task ResolveAsync_UnknownName_IsAnErrorThatIsNotCached()
    {
        _answer = _ => throw new SocketException((int)SocketError.HostNotFound);
        var resolver = Resolver();

        var first = await resolver.ResolveAsync(Address("nonexistent.invalid"), Timeout, CancellationToken.None);
        var second = await resolver.ResolveAsync(Address("nonexistent.invalid"), Timeout, CancellationToken.None);

        first.EndPoint.Should().BeNull();
        first.Error.Should().StartWith("HostNotFound");
        second.EndPoint.Should().BeNull();
        _asked.Should().HaveCount(2, "a failure is asked again at the next poll");
    }

    [Test]
    public async Task ResolveAsync_FailureAfterASuccess_DropsTheOldAddress()
    {
        var resolver = Resolver();
        await resolver.ResolveAsync(Address("ap1.example"), Timeout, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(6));
        _answer = _ => throw new SocketException((int)SocketError.TryAgain);

        var failed = await resolver.ResolveAsync(Address("ap1.example"), Timeout, CancellationToken.None);

        failed.EndPoint.Should().BeNull("an expired answer is not used once the name stops resolving");
        failed.Error.Should().StartWith("TryAgain");
    }

    [Test]
    public async Task ResolveAsync_IPv6AndIPv4Answers_PrefersIPv4()
    {
        _answer = _ => [IPAddress.Parse("2001:db8::7"), IPAddress.Parse("192.0.2.7")];

        var result = await Resolver().ResolveAsync(Address("ap1.example"), Timeout, CancellationToken.None);

        result.EndPoint!.Address.Should().Be(IPAddress.Parse("192.0.2.7"), "as net-snmp's default udp: transport");
    }

    [Test]
    public async Task ResolveAsync_OnlyIPv6_UsesIt()
    {
        _answer = _ => [IPAddress.Parse("2001:db8::7")];

        var result = await Resolver().ResolveAsync(Address("ap1.example"), Timeout, CancellationToken.None);

        result.EndPoint!.Address.Should().Be(IPAddress.Parse("2001:db8::7"));
    }

    [Test]
    public async Task ResolveAsync_ResolverThatNeverAnswers_GivesUpAfterTheTimeout()
    {
        var never = new TaskCompletionSource<IPAddress[]>();
        var resolver = new SnmpAddressResolver(_time, (_, _) => never.Task, TimeSpan.FromMinutes(5));

        var pending = resolver.ResolveAsync(Address("slow.example"), Timeout, CancellationToken.None).AsTask();
        pending.IsCompleted.Should().BeFalse();
        _time.Advance(Timeout);
        var result = await pending;

        result.EndPoint.Should().BeNull();
        result.Error.Should().Contain("no answer from the resolver");
    }
}
