using System.Net;
using System.Net.Sockets;

namespace ContentApi.Webhooks;

/// <summary>
/// Keeps webhooks from reaching into the service's own network (SSRF): private, loopback, link-local,
/// unique-local, unspecified and other non-public addresses are refused, IPv4 and IPv6 alike (IPv4 inside
/// IPv6 too), unless the host is in Webhooks:AllowedHosts or Webhooks:AllowPrivateNetworks is on. Checked
/// when a URL is registered (addresses written in the URL, and localhost) and on every connection, against
/// the addresses the name resolved to then: the ones actually connected to, so DNS cannot be made to change
/// its answer between the check and the connection.
/// </summary>
public static class WebhookAddresses
{
    private static readonly IPNetwork[] NotPublic =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
            "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/96", "100::/64", "2001::/32", "2001:db8::/32", "64:ff9b:1::/48", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(IPNetwork.Parse),
    ];

    /// <summary>NAT64 and 6to4 prefixes, which carry an IPv4 address that decides for them.</summary>
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Whether an address is on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (Nat64.Contains(address))
        {
            address = new IPAddress(address.GetAddressBytes()[12..]);
        }
        else if (SixToFour.Contains(address))
        {
            address = new IPAddress(address.GetAddressBytes()[2..6]);
        }

        return !NotPublic.Any(network => network.Contains(address));
    }

    /// <summary>Why a webhook may not be registered with this URL, or null when it may (its name is checked again when used).</summary>
    public static string? RefusalFor(Uri url, WebhookOptions options, bool requireHttps)
    {
        if (requireHttps && url.Scheme != Uri.UriSchemeHttps)
        {
            return "Webhook URLs must use https.";
        }

        var host = HostOf(url.Host);
        if (MayUsePrivateAddresses(host, options))
        {
            return null;
        }

        if (IPAddress.TryParse(host, out var address) && !IsPublic(address))
        {
            return $"Webhook URLs may not point at private, loopback or link-local addresses ({address}).";
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? $"Webhook URLs may not point at this machine ({host})."
            : null;
    }

    /// <summary>The handler webhooks are sent with: no proxy, no redirects, no cookies, and connections only to allowed addresses.</summary>
    public static SocketsHttpHandler CreateHandler(WebhookOptions options) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = options.ConnectTimeout,
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, options, ct),
    };

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, WebhookOptions options, CancellationToken ct)
    {
        var host = HostOf(endpoint.Host);
        var resolved = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = MayUsePrivateAddresses(host, options) ? resolved : [.. resolved.Where(IsPublic)];
        if (allowed.Length == 0)
        {
            // Which addresses the name has is the service's network's business, not the webhook owner's: say only that it is refused.
            throw new HttpRequestException(HttpRequestError.ConnectionError,
                $"Refused to connect: the address of {host} is not one webhooks may reach (private, loopback or otherwise not public).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool MayUsePrivateAddresses(string host, WebhookOptions options) =>
        options.AllowPrivateNetworks || options.AllowedHosts.Any(allowed => HostOf(allowed).Equals(host, StringComparison.OrdinalIgnoreCase));

    /// <summary>A URL's host as a name or address: IPv6 addresses without their brackets.</summary>
    private static string HostOf(string host) => host.TrimStart('[').TrimEnd(']');
}
