using System.Text.Json.Serialization;

namespace Alpi.HotspotController.Admin;

/// <summary>
/// The <c>latitude</c> and <c>longitude</c> members of a NAS request body (the controller's
/// <c>PUT /api/admin/nas/{name}</c>, the collector's <c>POST</c>/<c>PATCH /api/admin/nas</c>), telling an absent member
/// (the terminal keeps its value) from an explicit <c>null</c> (its value is cleared: <c>{"latitude":null,"longitude":null}</c>
/// takes a terminal off the map), as JSON Merge Patch reads a null (RFC 7396 §1). System.Text.Json sets a property only
/// for a member present in the body, which is how the two are told apart.
/// </summary>
public abstract record NasLocationMembers
{
    private double? _latitude;
    private double? _longitude;

    /// <summary>Latitude, WGS 84 decimal degrees (-90 to 90); null clears it, absent keeps it.</summary>
    public double? Latitude
    {
        get => _latitude;
        set
        {
            _latitude = value;
            LatitudeSent = true;
        }
    }

    /// <summary>Longitude, WGS 84 decimal degrees (-180 to 180); null clears it, absent keeps it.</summary>
    public double? Longitude
    {
        get => _longitude;
        set
        {
            _longitude = value;
            LongitudeSent = true;
        }
    }

    /// <summary>True when the body had a <c>latitude</c> member, null or not.</summary>
    [JsonIgnore]
    public bool LatitudeSent { get; private set; }

    /// <summary>True when the body had a <c>longitude</c> member, null or not.</summary>
    [JsonIgnore]
    public bool LongitudeSent { get; private set; }

    /// <summary><paramref name="change"/> with these members: a value sets, an explicit null clears, an absent member keeps.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="change"/> is null.</exception>
    public NasClientChange ApplyTo(NasClientChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change with
        {
            Latitude = Latitude,
            Longitude = Longitude,
            ClearLatitude = LatitudeSent && Latitude is null,
            ClearLongitude = LongitudeSent && Longitude is null,
        };
    }
}
