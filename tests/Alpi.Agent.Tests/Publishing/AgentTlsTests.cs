using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Alpi.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Agent.Tests.Publishing;

/// <summary>
/// The agent over MQTT over TLS to a real Mosquitto 2.0: trusting a private CA (<c>Agent:Broker:CaFile</c>) and not the
/// broker without it, and authenticating with a client certificate (<c>Agent:Broker:CertificateFile</c>/<c>KeyFile</c>)
/// on a listener with <c>require_certificate</c> and <c>use_identity_as_username</c>.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class AgentTlsTests
{
    private TempDirectory _folder = null!;
    private TestPki _pki = null!;
    private MosquittoBroker _broker = null!;
    private int _plainPort;
    private int _passwordTlsPort;
    private int _certificateTlsPort;

    [OneTimeSetUp]
    public async Task Start()
    {
        _folder = new TempDirectory("alpi-agent-tls-mosquitto");
        _pki = TestPki.Create(_folder.Path);
        var plainPort = _plainPort = FreePort.Tcp();
        _passwordTlsPort = FreePort.Tcp();
        _certificateTlsPort = FreePort.Tcp();
        var passwd = Path.Combine(_folder.Path, "passwd");
        using (var mosquittoPasswd = System.Diagnostics.Process.Start("mosquitto_passwd", ["-c", "-b", passwd, "t.h", "agent-password"]))
        {
            await mosquittoPasswd.WaitForExitAsync();
        }

        var config = Path.Combine(_folder.Path, "mosquitto.conf");
        var tls = $"""
            cafile {_pki.CaFile}
            certfile {_pki.ServerCertFile}
            keyfile {_pki.ServerKeyFile}
            tls_version tlsv1.2
            """;
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            per_listener_settings true
            set_tcp_nodelay true
            persistence false
            log_dest stderr
            log_type error
            listener {plainPort} 127.0.0.1
            allow_anonymous true
            listener {_passwordTlsPort} 127.0.0.1
            {tls}
            allow_anonymous false
            password_file {passwd}
            listener {_certificateTlsPort} 127.0.0.1
            {tls}
            require_certificate true
            use_identity_as_username true
            allow_anonymous false
            """));
        _broker = await MosquittoBroker.StartAsync(_folder, config, plainPort);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        // The broker deletes the folder it was given; disposing it again is harmless.
        _broker.Dispose();
        _pki.Dispose();
        _folder.Dispose();
    }

    [Test]
    public async Task Agent_OverTlsWithThePrivateCa_PublishesItsMetrics()
    {
        var subscriber = await SubscribeAsync("alpi/t/h/metrics");

        await using var agent = await StartAgentAsync(new()
        {
            ["Agent:Broker:Port"] = _passwordTlsPort.ToString(CultureInfo.InvariantCulture),
            ["Agent:Broker:UseTls"] = "true",
            ["Agent:Broker:CaFile"] = _pki.CaFile,
            ["Agent:Broker:Username"] = "t.h",
            ["Agent:Broker:Password"] = "agent-password",
        });

        (await Eventually.WaitAsync(() => Task.FromResult(subscriber.FirstOrDefault()), TimeSpan.FromSeconds(30))).Should().NotBeNull("the agent published over TLS");
    }

    [Test]
    public async Task Agent_OverTlsWithoutThePrivateCa_RefusesTheBroker()
    {
        // The system's roots do not include the test CA, so the agent must not connect.
        await using var agent = await StartAgentAsync(new()
        {
            ["Agent:Broker:Port"] = _passwordTlsPort.ToString(CultureInfo.InvariantCulture),
            ["Agent:Broker:UseTls"] = "true",
            ["Agent:Broker:Username"] = "t.h",
            ["Agent:Broker:Password"] = "agent-password",
        });

        var failure = await Eventually.WaitAsync(() => Task.FromResult(agent.Logs.FirstOrDefault(l => l.Contains("unreachable", StringComparison.Ordinal))), TimeSpan.FromSeconds(30));

        failure.Should().NotBeNull();
        agent.Logs.Should().NotContain(l => l.StartsWith("Connected to broker", StringComparison.Ordinal));
    }

    [Test]
    public async Task Agent_WithAClientCertificate_IsKnownByItsCertificatesName()
    {
        var (certFile, keyFile) = _pki.IssueClient("t.h");
        var subscriber = await SubscribeAsync("alpi/t/h/status");

        await using var agent = await StartAgentAsync(new()
        {
            ["Agent:Broker:Port"] = _certificateTlsPort.ToString(CultureInfo.InvariantCulture),
            ["Agent:Broker:UseTls"] = "true",
            ["Agent:Broker:CaFile"] = _pki.CaFile,
            ["Agent:Broker:CertificateFile"] = certFile,
            ["Agent:Broker:KeyFile"] = keyFile,
        });

        (await Eventually.WaitAsync(() => Task.FromResult(subscriber.FirstOrDefault()), TimeSpan.FromSeconds(30))).Should().NotBeNull("the birth message came over the certificate listener");
    }

    [Test]
    public async Task Agent_WithASite_SendsItInItsRetainedBirthMessage()
    {
        // Not TLS: the plain listener of the same broker; the site comes from configuration as agent.json gives it.
        var subscriber = await SubscribeAsync("alpi/t/h/status");

        await using var agent = await StartAgentAsync(new()
        {
            ["Agent:Broker:Port"] = _plainPort.ToString(CultureInfo.InvariantCulture),
            ["Agent:Site"] = "Médiathèque",
        });

        var birth = await Eventually.WaitAsync(() => Task.FromResult(subscriber.FirstOrDefault(p => p.Contains("online", StringComparison.Ordinal))), TimeSpan.FromSeconds(30));
        birth.Should().NotBeNull("the agent sent its birth message");
        var message = Alpi.Protocols.Mqtt.HostStatusMessage.TryParse(Encoding.UTF8.GetBytes(birth!), out var error);
        error.Should().BeNull();
        message!.Site.Should().Be("Médiathèque");
    }

    [Test]
    public async Task Agent_WithoutAClientCertificate_IsNotServedWhereOneIsRequired()
    {
        await using var agent = await StartAgentAsync(new()
        {
            ["Agent:Broker:Port"] = _certificateTlsPort.ToString(CultureInfo.InvariantCulture),
            ["Agent:Broker:UseTls"] = "true",
            ["Agent:Broker:CaFile"] = _pki.CaFile,
        });

        var failure = await Eventually.WaitAsync(
            () => Task.FromResult(agent.Logs.FirstOrDefault(l => l.Contains("unreachable", StringComparison.Ordinal) || l.Contains("refused", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30));

        failure.Should().NotBeNull();
        agent.Logs.Should().NotContain(l => l.StartsWith("Connected to broker", StringComparison.Ordinal));
    }

    private async Task<ConcurrentQueue<string>> SubscribeAsync(string topic)
    {
        var received = new ConcurrentQueue<string>();
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _broker.Port).WithClientId("sub-" + Guid.NewGuid().ToString("N")[..8]).Build());
        await client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce);
        _subscribers.Add(client);
        return received;
    }

    private readonly List<IMqttClient> _subscribers = [];

    [TearDown]
    public void DisposeSubscribers()
    {
        foreach (var client in _subscribers)
        {
            client.Dispose();
        }

        _subscribers.Clear();
    }

    private static async Task<RunningAgent> StartAgentAsync(Dictionary<string, string?> settings)
    {
        settings["Agent:Tenant"] = "t";
        settings["Agent:Host"] = "h";
        settings["Agent:Interval"] = "00:00:01";
        settings["Agent:Broker:Host"] = "127.0.0.1";
        settings["Agent:Broker:ClientId"] = "agent-" + Guid.NewGuid().ToString("N")[..8];
        settings["Agent:Broker:MaxReconnectDelay"] = "00:00:01";
        var logs = new LogCapture();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(logs);
        builder.Services.AddAlpiAgent(builder.Configuration.GetSection(AgentOptions.SectionName));
        var host = builder.Build();
        await host.StartAsync();
        return new RunningAgent(host, logs);
    }

    private sealed class RunningAgent(IHost host, LogCapture logs) : IAsyncDisposable
    {
        public IReadOnlyCollection<string> Logs => logs.Messages;

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
            logs.Dispose();
        }
    }

    /// <summary>Keeps every message logged at Information and above, from every category.</summary>
    private sealed class LogCapture : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                _messages.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
