using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace ImageFunctions.Settings;

/// <summary>
/// The notification targets that may be loopback, private or link-local (<see cref="NotificationOptions.AllowedHosts"/>):
/// host names (the whole name, case-insensitive), addresses and CIDR ranges, separated by commas.
/// </summary>
public sealed class HostAllowList
{
    public static readonly HostAllowList Empty = new([], []);

    private readonly HashSet<string> _names;
    private readonly IReadOnlyList<IPNetwork> _networks;

    private HostAllowList(HashSet<string> names, IReadOnlyList<IPNetwork> networks)
    {
        _names = names;
        _networks = networks;
    }

    /// <summary>Parses the setting, or throws <see cref="FormatException"/> naming the entry that is wrong.</summary>
    public static HostAllowList Parse(string? text) =>
        TryParse(text, out var list, out var error) ? list : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out HostAllowList? list, [NotNullWhen(false)] out string? error)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var networks = new List<IPNetwork>();
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                // .NET masks the bits beyond the prefix; "10.1.2.3/16" is more likely a mistake than a way to write 10.1.0.0/16.
                if (!IPNetwork.TryParse(entry, out var network) || !network.BaseAddress.Equals(IPAddress.Parse(entry[..entry.IndexOf('/', StringComparison.Ordinal)])))
                {
                    (list, error) = (null, $"'{entry}' is not a CIDR range (the address must have no bits set beyond the prefix, e.g. 10.1.0.0/16).");
                    return false;
                }

                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry.Trim('[', ']'), out var address))
            {
                address = Unmapped(address);
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else if (Uri.CheckHostName(entry) == UriHostNameType.Dns)
            {
                names.Add(NormalizeName(entry));
            }
            else
            {
                (list, error) = (null, $"'{entry}' is neither a host name, an address nor a CIDR range.");
                return false;
            }
        }

        (list, error) = (new HostAllowList(names, networks), null);
        return true;
    }

    /// <summary>Whether the host name itself is listed: then every address it resolves to is allowed.</summary>
    public bool ContainsName(string host) => _names.Contains(NormalizeName(host));

    /// <summary>Whether the address is listed or in a listed range (an IPv4-mapped IPv6 address as its IPv4 address).</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var unmapped = Unmapped(address);
        return _networks.Any(n => n.Contains(unmapped));
    }

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static string NormalizeName(string host) => host.TrimEnd('.').ToLowerInvariant();
}
