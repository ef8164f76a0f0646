using System.Net;
using System.Text.Json;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Notifications.Channels;
using Alpi.Collector.Alerting.Notifications.Channels.Sms;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests.Alerting.Notifications.Channels;

/// <summary>The SMS channel: URL and body templates encoded for where they go, authentication, recipients, outcomes.</summary>
[TestFixture]
public sealed class SmsNotifierTests
{
    private LocalHttpListener _listener = null!;
    private HttpClient _http = null!;

    [SetUp]
    public void SetUp()
    {
        _listener = new LocalHttpListener();
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    }

    [TearDown]
    public void TearDown()
    {
        _http.Dispose();
        _listener.Dispose();
    }

    [Test]
    public async Task Notify_FormTemplate_UrlEncodesValuesAndSendsBasicAuth()
    {
        var sms = new SmsOptions { Url = _listener.Url("/send?account={{ tenant }}"), Username = "alpi", Password = "pw", Body = "to={{ to }}&msg={{ text }}" };
        var notifier = Notifier(sms);

        var result = await notifier.NotifyAsync(ChannelFixtures.Message(recipient: "+33612345678"), CancellationToken.None);

        result.Should().Be(NotifyResult.Delivered);
        var request = _listener.Requests.Single();
        request.PathAndQuery.Should().Be("/send?account=t");
        request.ContentType.Should().Be("application/x-www-form-urlencoded");
        request.Authorization.Should().Be("Basic " + Convert.ToBase64String("alpi:pw"u8.ToArray()));
        request.Body.Should().Be("to=%2B33612345678&msg=FIRING%20critical%20cpu-high%20on%20t%2Fsrv1%3A%20CPU%2095%20%25%20on%20srv1");
    }

    [Test]
    public async Task Notify_JsonTemplate_JsonEscapesValuesAndCutsTheText()
    {
        var sms = new SmsOptions
        {
            Url = _listener.Url("/api/sms"), ContentType = "application/json", BearerToken = "tok", MaxLength = 20,
            Body = """{"from":"Alpi","to":"{{ to }}","text":"{{ text }}","alert":{{ alertId }}}""",
        };

        (await Notifier(sms).NotifyAsync(ChannelFixtures.Message(recipient: "+33 6 \"12\""), CancellationToken.None)).Should().Be(NotifyResult.Delivered);

        var request = _listener.Requests.Single();
        request.Authorization.Should().Be("Bearer tok");
        var body = JsonDocument.Parse(request.Body).RootElement;
        body.GetProperty("to").GetString().Should().Be("+33 6 \"12\"");
        body.GetProperty("text").GetString().Should().Be("FIRING critical cpu…").And.HaveLength(20);
        body.GetProperty("alert").GetInt64().Should().Be(7);
    }

    [Test]
    public async Task Notify_GetWithoutRecipient_SendsOneRequestPerConfiguredNumber()
    {
        var sms = new SmsOptions { Url = _listener.Url("/send?to={{ to }}&text={{ text }}"), Method = "GET", To = ["+331", "+332"] };

        (await Notifier(sms).NotifyAsync(ChannelFixtures.Message(AlertEventKind.Resolved), CancellationToken.None)).Should().Be(NotifyResult.Delivered);

        _listener.Requests.Select(r => r.PathAndQuery).Should().Equal(
            "/send?to=%2B331&text=RESOLVED%20critical%20cpu-high%20on%20t%2Fsrv1%3A%20CPU%2095%20%25%20on%20srv1",
            "/send?to=%2B332&text=RESOLVED%20critical%20cpu-high%20on%20t%2Fsrv1%3A%20CPU%2095%20%25%20on%20srv1");
        _listener.Requests.Should().OnlyContain(r => r.Method == "GET" && r.Body.Length == 0);
    }

    [TestCase(HttpStatusCode.UnprocessableEntity, NotifyOutcome.Failed)]    // the gateway rejects the number
    [TestCase(HttpStatusCode.Unauthorized, NotifyOutcome.Failed)]           // wrong credentials
    [TestCase(HttpStatusCode.BadGateway, NotifyOutcome.Retryable)]          // the operator's side is down
    public async Task Notify_GatewayStatus_IsClassified(HttpStatusCode status, NotifyOutcome expected)
    {
        _listener.Statuses.Enqueue(status);

        var result = await Notifier(new SmsOptions { Url = _listener.Url("/send") }).NotifyAsync(ChannelFixtures.Message(recipient: "+331"), CancellationToken.None);

        result.Outcome.Should().Be(expected);
    }

    [Test]
    public async Task Notify_UrlThatRendersRelative_FailsWithoutRetry()
    {
        // A template whose whole host is a placeholder, with an empty recipient: not a URL, and retrying will not fix it.
        var result = await Notifier(new SmsOptions { Url = "{{ to }}/send" }).NotifyAsync(ChannelFixtures.Message(recipient: ""), CancellationToken.None);

        result.Outcome.Should().Be(NotifyOutcome.Failed);
        _listener.Requests.Should().BeEmpty();
    }

    [Test]
    public void Template_UnknownPlaceholder_IsReported()
    {
        ChannelTemplate.Unknown("to={{ to }}&x={{ phone }}").Should().Equal("phone");
    }

    private SmsNotifier Notifier(SmsOptions sms)
    {
        var options = new CollectorOptions();
        options.Alerting.Sms = sms;
        return new SmsNotifier(Options.Create(options), _http);
    }
}
