using Alpi.Agent.Collectors.Commands;
using Alpi.Agent.Collectors.Cpu;
using Alpi.Agent.Collectors.Disk;
using Alpi.Agent.Collectors.DiskIo;
using Alpi.Agent.Collectors.Gateway;
using Alpi.Agent.Collectors.HostFiles;
using Alpi.Agent.Collectors.Mem;
using Alpi.Agent.Collectors.Net;
using Alpi.Agent.Collectors.System;
using Alpi.Agent.Collectors.Windows;
using Alpi.Agent.Collectors.Wireless;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Collectors;

/// <summary>Registers the host metric collectors (Telegraf's cpu, mem, swap, disk, diskio, net, system, processes inputs).</summary>
public static class HostCollectorsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the host collectors for the running OS as <see cref="IMetricCollector"/> services: on Linux cpu, mem,
    /// swap, disk, diskio, net, system and processes, reading below <see cref="HostFileSystemOptions.Root"/> (configuration
    /// section <c>HostFiles</c>), and the Wi-Fi terminal collectors <c>wireless</c> (<see cref="WirelessOptions"/>,
    /// section <c>Agent:Wireless</c>) and <c>hotspot_gateway</c> (<see cref="HotspotGatewayOptions"/>, section
    /// <c>Agent:Gateway</c>), which by default publish only on hosts that have a wireless interface or the gateway's
    /// query tool; on Windows cpu, mem, disk, net and system; elsewhere none. Existing registrations of
    /// <see cref="IHostFileSystem"/>, <see cref="IFileSystemUsage"/> and <see cref="ICommandRunner"/> are kept, and calling
    /// this twice adds nothing. The options are validated at start (<see cref="OptionsBuilderExtensions.ValidateOnStart{TOptions}"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddAlpiHostCollectors(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        if (OperatingSystem.IsLinux())
        {
            services.AddOptions<HostFileSystemOptions>()
                .BindConfiguration(HostFileSystemOptions.SectionName)
                .Validate(o => o.RootProblem is null, "HostFiles:Root must be an absolute directory path.")
                .ValidateOnStart();
            services.TryAddSingleton<IHostFileSystem>(sp => new HostFileSystem(sp.GetRequiredService<IOptions<HostFileSystemOptions>>().Value.Root));
            services.TryAddSingleton<IFileSystemUsage>(sp => OperatingSystem.IsLinux()
                ? new LinuxFileSystemUsage(sp.GetRequiredService<IOptions<HostFileSystemOptions>>().Value.Root)
                : throw new PlatformNotSupportedException());

            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, CpuCollector>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, MemCollector>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, SwapCollector>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, DiskCollector>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, DiskIoCollector>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, NetCollector>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, SystemCollector>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, ProcessesCollector>());

            services.TryAddSingleton<ICommandRunner, ProcessCommandRunner>();
            services.AddOptions<WirelessOptions>().BindConfiguration(WirelessOptions.SectionPath).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WirelessOptions>, WirelessOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, WirelessCollector>());
            services.AddOptions<HotspotGatewayOptions>().BindConfiguration(HotspotGatewayOptions.SectionPath).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HotspotGatewayOptions>, HotspotGatewayOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, HotspotGatewayCollector>());
        }
        else if (OperatingSystem.IsWindows())
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, WindowsCpuCollector>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, WindowsMemCollector>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, WindowsDiskCollector>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, WindowsNetCollector>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, WindowsSystemCollector>());
        }

        return services;
    }
}
