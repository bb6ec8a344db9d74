//! The client's address: the TCP peer, or, when the peer is a trusted reverse proxy, the
//! address the proxy says it forwarded for. That one address is what sign-in throttling,
//! the audit log, agreement evidence and the door and kiosk logs record.
//!
//! Only the header the proxy is configured to write is read ([`ProxyHeader`]): a proxy
//! passes any other forwarding header through untouched, so a client could forge it. The
//! header is read from the right (the entries the trusted proxies appended) to the first
//! address that is not itself a trusted proxy; entries to the left of it are the client's
//! own claims and are ignored.

use http::HeaderMap;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

/// The resolved client address of a request, put on it by the server's middleware (a
/// handler reads it as `Extension<ClientIp>`).
/// `None` only where no connection information exists (in-process calls).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub Option<IpAddr>);

/// Where a request came from, for sessions, agreement evidence and the audit log.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: Option<IpAddr>,
    pub user_agent: String,
}

impl Origin {
    /// Long enough for any real browser; keeps a hostile header out of what is stored.
    const MAX_USER_AGENT_CHARS: usize = 512;

    /// The origin of a request from `ip` whose browser named itself `user_agent`.
    pub fn new(ip: Option<IpAddr>, user_agent: &str) -> Self {
        Self { ip, user_agent: user_agent.chars().take(Self::MAX_USER_AGENT_CHARS).collect() }
    }

    /// The address as the audit log stores it.
    pub fn ip_text(&self) -> Option<String> {
        self.ip.map(|ip| ip.to_string())
    }
}

/// Which forwarding header the trusted proxies write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProxyHeader {
    /// `X-Forwarded-For: client, proxy1` (nginx's `$proxy_add_x_forwarded_for`, Caddy).
    #[default]
    XForwardedFor,
    /// `Forwarded: for=client, for=proxy1` (RFC 7239).
    Forwarded,
}

impl ProxyHeader {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Some(Self::XForwardedFor),
            "forwarded" => Some(Self::Forwarded),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::XForwardedFor => "x-forwarded-for",
            Self::Forwarded => "forwarded",
        }
    }
}

/// The reverse proxies whose forwarding header is believed (none by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
    header: ProxyHeader,
}

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and CIDR ranges
    /// (`127.0.0.1, 10.0.0.0/8, ::1`); `None` names the first entry that is neither.
    pub fn parse(list: &str, header: ProxyHeader) -> Result<Self, String> {
        let nets = list
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map(|net| net.trunc())
                    .map_err(|_| entry.to_owned())
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { nets, header })
    }

    pub fn is_empty(&self) -> bool {
        self.nets.is_empty()
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.nets.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request that arrived from `peer` with these headers.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = canonical(peer);
        if !self.trusts(client) {
            return client;
        }
        let hops: Vec<Option<IpAddr>> = headers
            .get_all(self.header.name())
            .iter()
            .flat_map(|value| match value.to_str() {
                Ok(text) => text.split(',').map(|entry| self.hop(entry)).collect(),
                Err(_) => vec![None],
            })
            .collect();
        for hop in hops.into_iter().rev() {
            // An entry that is no address (`unknown`, garbage) ends the walk: the last
            // trusted hop is the best known client.
            let Some(ip) = hop else { break };
            client = canonical(ip);
            if !self.trusts(client) {
                break;
            }
        }
        client
    }

    fn hop(&self, entry: &str) -> Option<IpAddr> {
        match self.header {
            ProxyHeader::XForwardedFor => address(entry.trim()),
            ProxyHeader::Forwarded => entry.split(';').find_map(|pair| {
                let (key, value) = pair.trim().split_once('=')?;
                key.trim().eq_ignore_ascii_case("for").then(|| address(value.trim().trim_matches('"')))?
            }),
        }
    }
}

/// An address with or without a port: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`,
/// `[2001:db8::1]:4711`, `[2001:db8::1]`.
fn address(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| text.strip_prefix('[')?.strip_suffix(']')?.parse().ok())
}

/// IPv4 peers of a dual-stack socket arrive as `::ffff:a.b.c.d`; they are IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    fn headers(name: &'static str, values: &[&'static str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in values {
            map.append(name, HeaderValue::from_static(value));
        }
        map
    }

    fn xff(list: &str) -> TrustedProxies {
        TrustedProxies::parse(list, ProxyHeader::XForwardedFor).expect("valid list")
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_it_claims() {
        let forged = headers("x-forwarded-for", &["203.0.113.9"]);
        assert_eq!(TrustedProxies::default().client(ip("192.0.2.7"), &forged), ip("192.0.2.7"));
        assert_eq!(xff("10.0.0.1").client(ip("192.0.2.7"), &forged), ip("192.0.2.7"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_forged_entries_to_its_left_are_ignored() {
        let proxies = xff("127.0.0.1, 10.0.0.0/8");
        let one = headers("x-forwarded-for", &["198.51.100.4"]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &one), ip("198.51.100.4"));
        // The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the real address.
        let forged = headers("x-forwarded-for", &["1.2.3.4, 198.51.100.4"]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &forged), ip("198.51.100.4"));
        // Two proxies in a row, over two header lines.
        let chain = headers("x-forwarded-for", &["1.2.3.4", "198.51.100.4, 10.1.2.3"]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &chain), ip("198.51.100.4"));
        // No header: the proxy itself.
        assert_eq!(proxies.client(ip("127.0.0.1"), &HeaderMap::new()), ip("127.0.0.1"));
        // Garbage stops the walk at the last trusted hop.
        let garbage = headers("x-forwarded-for", &["198.51.100.4, unknown"]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &garbage), ip("127.0.0.1"));
    }

    #[test]
    fn only_the_configured_header_is_read() {
        let proxies = xff("127.0.0.1");
        let other = headers("forwarded", &["for=203.0.113.9"]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &other), ip("127.0.0.1"));
        let rfc = TrustedProxies::parse("127.0.0.1", ProxyHeader::Forwarded).expect("valid");
        let forwarded = headers("forwarded", &["for=1.2.3.4, for=\"[2001:db8::17]:4711\";proto=https"]);
        assert_eq!(rfc.client(ip("127.0.0.1"), &forwarded), ip("2001:db8::17"));
        let v4_port = headers("forwarded", &["for=\"198.51.100.4:5000\";by=10.0.0.1"]);
        assert_eq!(rfc.client(ip("127.0.0.1"), &v4_port), ip("198.51.100.4"));
        let hidden = headers("forwarded", &["for=_hidden"]);
        assert_eq!(rfc.client(ip("127.0.0.1"), &hidden), ip("127.0.0.1"));
    }

    #[test]
    fn mapped_ipv4_peers_count_as_ipv4() {
        let proxies = xff("127.0.0.1");
        let one = headers("x-forwarded-for", &["198.51.100.4"]);
        assert_eq!(proxies.client(ip("::ffff:127.0.0.1"), &one), ip("198.51.100.4"));
        assert_eq!(TrustedProxies::default().client(ip("::ffff:192.0.2.1"), &one), ip("192.0.2.1"));
    }

    #[test]
    fn the_list_takes_addresses_and_ranges_and_names_a_bad_entry() {
        assert!(xff("").is_empty());
        let proxies = xff(" 192.0.2.0/24 , ::1,10.0.0.1/8");
        assert!(
            proxies.trusts(ip("192.0.2.200")) && proxies.trusts(ip("::1")) && proxies.trusts(ip("10.9.9.9"))
        );
        assert!(!proxies.trusts(ip("192.0.3.1")));
        assert_eq!(
            TrustedProxies::parse("10.0.0.0/8, proxy.local", ProxyHeader::default()),
            Err("proxy.local".into())
        );
        assert_eq!(ProxyHeader::parse("Forwarded"), Some(ProxyHeader::Forwarded));
        assert_eq!(ProxyHeader::parse("x-real-ip"), None);
    }
}
