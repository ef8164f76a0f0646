using System.Net;
using System.Text.Json;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Notifications.Channels.Webhook;

namespace Alpi.Collector.Tests.Alerting.Notifications.Channels;

/// <summary>The webhook channel against a real HTTP listener on 127.0.0.1: payload shapes and outcome classification.</summary>
[TestFixture]
public sealed class WebhookNotifierTests
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
    public async Task Notify_SlackFormat_PostsTextAndOneAttachmentPerAlertWithChannelOverride()
    {
        var notifier = new WebhookNotifier("chat", new WebhookOptions { Url = _listener.Url("/hooks/abc"), Format = WebhookFormat.Slack }, _http);

        var result = await notifier.NotifyAsync(ChannelFixtures.Message(recipient: "@alice"), CancellationToken.None);

        result.Should().Be(NotifyResult.Delivered);
        _listener.Requests.Should().ContainSingle();
        var request = _listener.Requests.Single();
        request.Method.Should().Be("POST");
        request.PathAndQuery.Should().Be("/hooks/abc");
        request.ContentType.Should().StartWith("application/json");
        var body = JsonDocument.Parse(request.Body).RootElement;
        body.GetProperty("text").GetString().Should().Be("FIRING critical cpu-high on t/srv1: CPU 95 % on srv1");
        body.GetProperty("channel").GetString().Should().Be("@alice");
        var attachment = body.GetProperty("attachments").EnumerateArray().Single();
        attachment.GetProperty("color").GetString().Should().Be("#d00000");
        attachment.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("title").GetString()).Should().Equal("Host", "Severity", "Value", "Alert");
    }

    [Test]
    public async Task Notify_MattermostFormat_IsSlackShapeWithUsername()
    {
        var notifier = new WebhookNotifier("mm", new WebhookOptions { Url = _listener.Url("/hooks/mm"), Format = WebhookFormat.Mattermost }, _http);

        (await notifier.NotifyAsync(ChannelFixtures.Group(), CancellationToken.None)).Should().Be(NotifyResult.Delivered);

        var body = JsonDocument.Parse(_listener.Requests.Single().Body).RootElement;
        body.GetProperty("username").GetString().Should().Be("Alpi");
        body.GetProperty("text").GetString().Should().Be("3 alerts: 2 firing, 1 resolved (tenant=t)");
        body.GetProperty("attachments").GetArrayLength().Should().Be(3);
        body.GetProperty("attachments")[2].GetProperty("color").GetString().Should().Be("#2eb886", "a recovery is green");
    }

    [Test]
    public async Task Notify_TeamsFormat_PostsMessageWithOneAdaptiveCard()
    {
        var notifier = new WebhookNotifier("teams", new WebhookOptions { Url = _listener.Url("/workflows/x"), Format = WebhookFormat.Teams }, _http);

        (await notifier.NotifyAsync(ChannelFixtures.Message(), CancellationToken.None)).Should().Be(NotifyResult.Delivered);

        var body = JsonDocument.Parse(_listener.Requests.Single().Body).RootElement;
        body.GetProperty("type").GetString().Should().Be("message");
        var attachment = body.GetProperty("attachments").EnumerateArray().Single();
        attachment.GetProperty("contentType").GetString().Should().Be("application/vnd.microsoft.card.adaptive");
        var card = attachment.GetProperty("content");
        card.GetProperty("type").GetString().Should().Be("AdaptiveCard");
        card.GetProperty("version").GetString().Should().Be("1.4");
        var blocks = card.GetProperty("body").EnumerateArray().ToList();
        blocks[0].GetProperty("text").GetString().Should().Be("FIRING critical cpu-high on t/srv1: CPU 95 % on srv1");
        blocks.Should().Contain(b => b.GetProperty("type").GetString() == "FactSet");
    }

    [Test]
    public async Task Notify_JsonFormat_CarriesEventAndAlertWithBearerToken()
    {
        var notifier = new WebhookNotifier("ops", new WebhookOptions { Url = _listener.Url("/alpi"), BearerToken = "s3cret" }, _http);

        (await notifier.NotifyAsync(ChannelFixtures.Message(), CancellationToken.None)).Should().Be(NotifyResult.Delivered);

        var request = _listener.Requests.Single();
        request.Authorization.Should().Be("Bearer s3cret");
        var body = JsonDocument.Parse(request.Body).RootElement;
        body.GetProperty("version").GetInt32().Should().Be(1);
        var item = body.GetProperty("notifications").EnumerateArray().Single();
        item.GetProperty("event").GetString().Should().Be("firing");
        item.GetProperty("alert").GetProperty("id").GetInt64().Should().Be(7);
        item.GetProperty("alert").GetProperty("labels").GetProperty("team").GetString().Should().Be("infra");
    }

    [TestCase(HttpStatusCode.BadRequest, NotifyOutcome.Failed)]          // a malformed payload stays malformed
    [TestCase(HttpStatusCode.NotFound, NotifyOutcome.Failed)]            // a revoked webhook URL
    [TestCase(HttpStatusCode.Forbidden, NotifyOutcome.Failed)]           // a bad token
    [TestCase(HttpStatusCode.TooManyRequests, NotifyOutcome.Retryable)]  // Slack's rate limit: later
    [TestCase(HttpStatusCode.InternalServerError, NotifyOutcome.Retryable)]
    [TestCase(HttpStatusCode.ServiceUnavailable, NotifyOutcome.Retryable)]
    [TestCase(HttpStatusCode.NoContent, NotifyOutcome.Delivered)]        // Teams workflows answer 202/204
    public async Task Notify_StatusCode_IsClassified(HttpStatusCode status, NotifyOutcome expected)
    {
        _listener.Statuses.Enqueue(status);
        var notifier = new WebhookNotifier("ops", new WebhookOptions { Url = _listener.Url("/alpi") }, _http);

        var result = await notifier.NotifyAsync(ChannelFixtures.Message(), CancellationToken.None);

        result.Outcome.Should().Be(expected);
    }

    [Test]
    public async Task Notify_NothingListening_IsRetryable()
    {
        var notifier = new WebhookNotifier("ops", new WebhookOptions { Url = $"http://127.0.0.1:{Alpi.Testing.FreePort.Tcp()}/x" }, _http);

        var result = await notifier.NotifyAsync(ChannelFixtures.Message(), CancellationToken.None);

        result.Outcome.Should().Be(NotifyOutcome.Retryable);
    }

    [Test]
    public async Task Notify_SlowerThanTheClientTimeout_IsRetryable()
    {
        _listener.Delay = TimeSpan.FromSeconds(2);
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var notifier = new WebhookNotifier("ops", new WebhookOptions { Url = _listener.Url("/slow") }, impatient);

        var result = await notifier.NotifyAsync(ChannelFixtures.Message(), CancellationToken.None);

        result.Outcome.Should().Be(NotifyOutcome.Retryable);
        result.Reason.Should().Contain("no answer");
    }
}
