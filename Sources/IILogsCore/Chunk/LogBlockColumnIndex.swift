/// Where every column of a log block body is, once read: the small columns decoded, the messages only
/// located (byte ranges into the buffer that holds them), so a reader can test lines without building them.
struct LogBlockColumnIndex: Sendable {
    var times: [Int64]
    /// Validated: every value is a ``Severity`` raw value.
    var severities: [UInt8]
    var facilities: [UInt8]
    var dictionary: [String]
    var hosts: [Int]
    var apps: [Int]
    var procIDs: ProcIDColumn
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
                         procID: procIDs.procID(at: i, dictionary: dictionary), message: text)
    }
}

/// Each line's procID as the meta stream holds it: a dictionary index, or (version 5) a number.
enum ProcIDColumn: Sendable {
    case indexes([Int])
    /// 0 for no procID, n + 1 for the decimal n (``ProcIDPlanes``); the string is built only for lines read whole.
    case numbers([UInt64])

    func procID(at i: Int, dictionary: [String]) -> String {
        switch self {
        case .indexes(let indexes): dictionary[indexes[i]]
        case .numbers(let numbers): numbers[i] == 0 ? "" : String(numbers[i] - 1)
        }
    }
}
