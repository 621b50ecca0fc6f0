/// `/proc/net/dev`: two header lines, then `iface: rx bytes packets errs drop fifo frame compressed
/// multicast tx bytes packets errs drop fifo colls carrier compressed`.
public struct NetInterfaceCounters: Sendable, Hashable {
    public var interface: String
    public var rxBytes: UInt64
    public var rxPackets: UInt64
    public var rxErrors: UInt64
    public var rxDropped: UInt64
    public var txBytes: UInt64
    public var txPackets: UInt64
    public var txErrors: UInt64
    public var txDropped: UInt64

    public init(interface: String, rxBytes: UInt64, rxPackets: UInt64, rxErrors: UInt64, rxDropped: UInt64,
                txBytes: UInt64, txPackets: UInt64, txErrors: UInt64, txDropped: UInt64) {
        self.interface = interface
        self.rxBytes = rxBytes
        self.rxPackets = rxPackets
        self.rxErrors = rxErrors
        self.rxDropped = rxDropped
        self.txBytes = txBytes
        self.txPackets = txPackets
        self.txErrors = txErrors
        self.txDropped = txDropped
    }

    /// Interfaces not reported: loopback and the virtual plumbing of containers, bridges and traffic
    /// shaping (their traffic is counted again on the real interface): `lo`, `veth*`, `docker*`, `br-*`,
    /// `virbr*`, `ifb*`, `dummy*`, `cni*`, `flannel*`, `cali*`, `kube-*`, `tunl*`, `sit*`, `ip6tnl*`.
    /// VPN tunnels (`tun*`, `wg*`) are kept: their traffic leaves the instance.
    public static let excludedPrefixes = ["veth", "docker", "br-", "virbr", "ifb", "dummy", "cni", "flannel", "cali", "kube-",
                                          "tunl", "sit", "ip6tnl"]

    /// Parses the text; the header and malformed lines are skipped.
    public static func parse(_ text: String) -> [NetInterfaceCounters] {
        text.split(separator: "\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].trimmingSpaces
            let values = line[line.index(after: colon)...].split(separator: " ", omittingEmptySubsequences: true).map { UInt64($0) }
            guard !name.isEmpty, values.count >= 16, values.allSatisfy({ $0 != nil }) else { return nil }
            let v = values.map { $0! }
            return NetInterfaceCounters(interface: name, rxBytes: v[0], rxPackets: v[1], rxErrors: v[2], rxDropped: v[3],
                                        txBytes: v[8], txPackets: v[9], txErrors: v[10], txDropped: v[11])
        }
    }

    /// Without `lo` and ``excludedPrefixes``.
    public static func reportable(_ interfaces: [NetInterfaceCounters]) -> [NetInterfaceCounters] {
        interfaces.filter { counters in
            counters.interface != "lo" && !excludedPrefixes.contains(where: { counters.interface.hasPrefix($0) })
        }
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
