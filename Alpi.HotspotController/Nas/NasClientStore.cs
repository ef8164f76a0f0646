using Alpi.HotspotController.Storage;
using Dapper;

namespace Alpi.HotspotController.Nas;

/// <summary>NAS clients in <see cref="HotspotDatabase"/>, managed with <c>nas add</c> and the admin API.</summary>
public sealed class NasClientStore(HotspotDatabase database)
{
    private const string Select = """
        SELECT name AS Name, address AS Address, secret AS Secret, tenant AS Tenant, group_name AS GroupName,
               require_message_authenticator AS RequireMessageAuthenticator, coa_port AS CoaPort, latitude AS Latitude, longitude AS Longitude
        FROM nas_clients
        """;

    /// <summary>Adds a NAS client or replaces the one with the same name.</summary>
    /// <exception cref="FormatException">The address is not an IP address or CIDR network.</exception>
    /// <exception cref="ArgumentException">The name or the secret is empty.</exception>
    public async Task UpsertAsync(NasClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(client.Name);
        ArgumentException.ThrowIfNullOrEmpty(client.Secret);
        _ = client.Network;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO nas_clients (name, address, secret, tenant, group_name, require_message_authenticator, coa_port, latitude, longitude)
            VALUES (@Name, @Address, @Secret, @Tenant, @GroupName, @RequireMessageAuthenticator, @CoaPort, @Latitude, @Longitude)
            ON CONFLICT (name) DO UPDATE SET address = excluded.address, secret = excluded.secret, tenant = excluded.tenant,
                group_name = excluded.group_name, require_message_authenticator = excluded.require_message_authenticator,
                coa_port = excluded.coa_port, latitude = excluded.latitude, longitude = excluded.longitude
            """, client);
    }

    /// <summary>All NAS clients, by name.</summary>
    public async Task<IReadOnlyList<NasClient>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<NasClient>($"{Select} ORDER BY name")).AsList();
    }

    /// <summary>Removes a NAS client.</summary>
    /// <returns>False when there was none with this name.</returns>
    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM nas_clients WHERE name = @name", new { name }) == 1;
    }
}
