namespace Alpi.HotspotController.Devices;

/// <summary>How long a registered device is recognised at every terminal without the portal.</summary>
public sealed class DeviceOptions
{
    /// <summary>
    /// Days a device stays registered after its last accepted use; each accepted MAC authentication renews it
    /// (sliding validity). Default 90; at least 1.
    /// </summary>
    public int ValidityDays { get; set; } = 90;

    /// <summary>Most devices one account may register; the oldest is replaced when a new one registers. Default 5.</summary>
    public int MaxDevicesPerAccount { get; set; } = 5;
}
