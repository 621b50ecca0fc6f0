/// Where every column of a version-1 log block body is, once read: the small columns decoded, the
/// messages only located (byte ranges into the body), so a reader can test lines without building them.
struct LogBlockColumnIndex: Sendable {
    var times: [Int64]
    /// Validated: every value is a ``Severity`` raw value.
    var severities: [UInt8]
    var facilities: [UInt8]
    var dictionary: [String]
    var hosts: [Int]
    var apps: [Int]
    var procs: [Int]
    /// Line `i`'s message is body bytes `messageStarts[i] ..< messageStarts[i + 1]` (count + 1 entries).
    var messageStarts: [Int]

    var count: Int { times.count }

    /// Line `i` without its fields (they follow the messages and are read separately).
    func record(at i: Int, in body: UnsafeBufferPointer<UInt8>) -> LogRecord {
        let message = String(decoding: UnsafeBufferPointer(rebasing: body[messageStarts[i]..<messageStarts[i + 1]]), as: UTF8.self)
        return LogRecord(time: Timestamp(nanosecondsSinceEpoch: times[i]), severity: Severity(rawValue: severities[i]) ?? .debug,
                         facility: facilities[i], hostname: dictionary[hosts[i]], app: dictionary[apps[i]],
                         procID: dictionary[procs[i]], message: message)
    }
}
