/// Where every column of a log block body is, once read: the small columns decoded, the messages only
/// located (byte ranges into the buffer that holds them), so a reader can test lines without building them.
struct LogBlockColumnIndex: Sendable {
    var times: [Int64]
    /// Validated: every value is a ``Severity`` raw value.
    var severities: [UInt8]
    var facilities: [UInt8]
    var dictionary: [String]
    /// How many of ``dictionary``'s strings the stream holds (version 5 appends decoded procIDs after them).
    var storedDictionaryCount: Int
    var hosts: [Int]
    var apps: [Int]
    var procs: [Int]
    /// Line `i`'s message is bytes `messageStarts[i] ..< messageEnds[i]` of the messages buffer (the body
    /// for version 1, the inflated sections for version 2); both are -1 when its section was not inflated.
    var messageStarts: [Int]
    var messageEnds: [Int]

    var count: Int { times.count }

    /// False when line `i`'s message was left compressed (its section pruned by a token filter).
    func isMessageLoaded(_ i: Int) -> Bool { messageStarts[i] >= 0 }

    /// Line `i`'s message bytes in `messages`; only for loaded lines.
    func message(at i: Int, in messages: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: messages[messageStarts[i]..<messageEnds[i]])
    }

    /// Line `i` without its fields (they follow the messages and are read separately).
    func record(at i: Int, in messages: UnsafeBufferPointer<UInt8>) -> LogRecord {
        let text = String(decoding: message(at: i, in: messages), as: UTF8.self)
        return LogRecord(time: Timestamp(nanosecondsSinceEpoch: times[i]), severity: Severity(rawValue: severities[i]) ?? .debug,
                         facility: facilities[i], hostname: dictionary[hosts[i]], app: dictionary[apps[i]],
                         procID: dictionary[procs[i]], message: text)
    }
}
