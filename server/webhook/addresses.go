package webhook

import "net/netip"

// specialPurpose lists every block of the IANA special-purpose address
// registries, with the multicast and reserved blocks besides: a webhook
// delivers to none of them, whether the registry calls the block globally
// reachable or not (a NAT64 prefix reaches any IPv4 address, the metadata
// service's included; AS112 and AMT answer no webhook). Checked on
// 2026-12-07 against
//
//	https://www.iana.org/assignments/iana-ipv4-special-registry/
//	https://www.iana.org/assignments/iana-ipv6-special-registry/
//
// New entries of either registry go here, with their RFC.
var specialPurpose = func() []netip.Prefix {
	blocks := []string{
		// IPv4 Special-Purpose Address Registry.
		"0.0.0.0/8",          // "this network" (RFC 791)
		"10.0.0.0/8",         // private use (RFC 1918)
		"100.64.0.0/10",      // shared address space (RFC 6598)
		"127.0.0.0/8",        // loopback (RFC 1122)
		"169.254.0.0/16",     // link local (RFC 3927), the metadata services' 169.254.169.254
		"172.16.0.0/12",      // private use (RFC 1918)
		"192.0.0.0/24",       // IETF protocol assignments (RFC 6890): DS-Lite, PCP and TURN anycast, NAT64 discovery
		"192.0.2.0/24",       // documentation, TEST-NET-1 (RFC 5737)
		"192.31.196.0/24",    // AS112-v4 (RFC 7535)
		"192.52.193.0/24",    // AMT (RFC 7450)
		"192.88.99.0/24",     // deprecated 6to4 relay anycast (RFC 7526)
		"192.168.0.0/16",     // private use (RFC 1918)
		"192.175.48.0/24",    // direct delegation AS112 service (RFC 7534)
		"198.18.0.0/15",      // benchmarking (RFC 2544)
		"198.51.100.0/24",    // documentation, TEST-NET-2 (RFC 5737)
		"203.0.113.0/24",     // documentation, TEST-NET-3 (RFC 5737)
		"240.0.0.0/4",        // reserved (RFC 1112)
		"255.255.255.255/32", // limited broadcast (RFC 919)
		"224.0.0.0/4",        // multicast (RFC 5771)

		// IPv6 Special-Purpose Address Registry. An IPv4-mapped address
		// (::ffff:0:0/96) is checked as the IPv4 address it maps.
		"::/8",              // reserved by the IETF: unspecified ::/128, loopback ::1/128, IPv4-compatible and IPv4-translated (RFC 4291, 6052)
		"64:ff9b::/96",      // IPv4-IPv6 translation, NAT64 (RFC 6052): 64:ff9b::a9fe:a9fe is 169.254.169.254
		"64:ff9b:1::/48",    // IPv4-IPv6 translation, local use (RFC 8215)
		"100::/64",          // discard-only (RFC 6666)
		"100:0:0:1::/64",    // dummy IPv6 prefix (RFC 9780)
		"2001::/23",         // IETF protocol assignments (RFC 2928): Teredo 2001::/32, benchmarking 2001:2::/48, AMT, AS112, ORCHID
		"2001:db8::/32",     // documentation (RFC 3849)
		"2002::/16",         // 6to4 (RFC 3056): embeds an IPv4 address
		"2620:4f:8000::/48", // direct delegation AS112 service (RFC 7534)
		"3fff::/20",         // documentation (RFC 9637)
		"5f00::/16",         // segment routing SIDs (RFC 9602)
		"fc00::/7",          // unique local (RFC 4193)
		"fe80::/10",         // link-local unicast (RFC 4291)
		"fec0::/10",         // deprecated site-local (RFC 3879)
		"ff00::/8",          // multicast (RFC 4291)
	}
	out := make([]netip.Prefix, len(blocks))
	for i, b := range blocks {
		out[i] = netip.MustParsePrefix(b)
	}
	return out
}()

// publicAddr reports whether ip may be delivered to without
// WebhookAllowPrivate: it is in no special-purpose block.
func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.Zone() != "" {
		return false
	}
	for _, p := range specialPurpose {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}
