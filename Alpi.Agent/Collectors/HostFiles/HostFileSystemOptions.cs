namespace Alpi.Agent.Collectors.HostFiles;

/// <summary>Where the host's <c>/proc</c>, <c>/sys</c> and <c>/var/run</c> are found (configuration section <c>HostFiles</c>).</summary>
public sealed class HostFileSystemOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "HostFiles";

    /// <summary>
    /// The directory that stands for the host's <c>/</c>: <c>/</c> on the host itself, <c>/hostfs</c> in a container that
    /// mounts the host there (Telegraf's <c>HOST_PROC</c>/<c>HOST_MOUNT_PREFIX</c>).
    /// </summary>
    public string Root { get; set; } = "/";

    /// <summary>Why <see cref="Root"/> is refused at start (empty, or not an absolute path), naming the key; null when it is accepted.</summary>
    internal string? RootProblem => !string.IsNullOrEmpty(Root) && Path.IsPathRooted(Root) ? null : $"{SectionName}:Root \"{Root}\" must be an absolute directory path.";
}
