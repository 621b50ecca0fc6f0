// RFC 3164 (BSD syslog): <PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG
//
// Timestamps carry no year and no zone. The year is inferred from the receive time: the date is
// placed in the receive time's year, unless that puts it more than ``maxFutureSkewSeconds`` (a
// month) after the receive time, in which case it belongs to the year before (a December line
// received in January). The local time is taken as UTC: a BSD timestamp has no offset to honour.
// Day-of-month may be space-padded (`Nov  3`) or not (`Nov 3`). Without a valid timestamp, the whole
// text after PRI is the message (RFC 3164 §4.3.2). HOSTNAME is optional: a first word that ends
// in `:` or holds `[` is taken as the TAG. Without a recognisable `TAG:` or `TAG[PID]:`, APP-NAME
// stays empty and the rest is the message. A UTF-8 BOM starting MSG is dropped, as in RFC 5424.

extension SyslogParser {
    /// How far in the future (after the receive time) an RFC 3164 date may lie before it is taken as last year's.
    public static let maxFutureSkewSeconds: Int64 = 31 * 86_400

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parseRFC3164(_ s: inout SyslogScanner, facility: UInt8, severity: Severity, receivedAt: Timestamp) -> SyslogMessage {
        let contentStart = s.index
        guard let timestamp = bsdTimestamp(&s, receivedAt: receivedAt), s.consume(SyslogScanner.space) else {
            return SyslogMessage(format: .rfc3164, facility: facility, severity: severity, timestamp: nil, hostname: "", appName: "",
                                 procID: "", msgID: "", structuredData: [], message: trimmedMessage(s, from: contentStart))
        }
        _ = s.consume { $0 == SyslogScanner.space }
        var hostname = ""
        let wordStart = s.index
        let word = s.consume { $0 != SyslogScanner.space }
        let isTag = s.bytes[word].last == UInt8(ascii: ":") || s.bytes[word].contains(UInt8(ascii: "["))
        if isTag || word.isEmpty || word.count > maxHeaderFieldBytes {
            s.index = wordStart
        } else {
            hostname = s.text(word)
            _ = s.consume(SyslogScanner.space)
        }
        let (appName, procID) = tag(&s)
        return SyslogMessage(format: .rfc3164, facility: facility, severity: severity, timestamp: timestamp, hostname: hostname,
                             appName: appName, procID: procID, msgID: "", structuredData: [],
                             message: trimmedMessage(s, from: afterBOM(s, s.index)))
    }

    /// `TAG:` or `TAG[PID]:` (then one optional space) at the cursor; nothing consumed otherwise.
    static func tag(_ s: inout SyslogScanner) -> (app: String, procID: String) {
        let start = s.index
        let name = s.consume { SyslogScanner.isPrintable($0) && $0 != UInt8(ascii: ":") && $0 != UInt8(ascii: "[") }
        guard !name.isEmpty, name.count <= maxHeaderFieldBytes else {
            s.index = start
            return ("", "")
        }
        var procID = ""
        if s.consume(UInt8(ascii: "[")) {
            let pid = s.consume { SyslogScanner.isPrintable($0) && $0 != UInt8(ascii: "]") }
            guard pid.count <= maxHeaderFieldBytes, s.consume(UInt8(ascii: "]")) else {
                s.index = start
                return ("", "")
            }
            procID = s.text(pid)
        }
        guard s.consume(UInt8(ascii: ":")) else {
            s.index = start
            return ("", "")
        }
        _ = s.consume(SyslogScanner.space)
        return (s.text(name), procID)
    }

    /// `Mmm dd hh:mm:ss` (day space-padded or not); nil (nothing consumed) when malformed.
    static func bsdTimestamp(_ s: inout SyslogScanner, receivedAt: Timestamp) -> Timestamp? {
        let start = s.index
        func fail() -> Timestamp? {
            s.index = start
            return nil
        }
        func number(maxDigits: Int) -> Int64? {
            let range = s.consume(while: SyslogScanner.isDigit)
            guard !range.isEmpty, range.count <= maxDigits else { return nil }
            return s.bytes[range].reduce(Int64(0)) { $0 * 10 + Int64($1 - 0x30) }
        }
        let monthRange = s.consume { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
        guard let monthIndex = monthNames.firstIndex(of: s.text(monthRange)) else { return fail() }
        let spaces = s.consume { $0 == SyslogScanner.space }
        guard !spaces.isEmpty, spaces.count <= 2, let day = number(maxDigits: 2), s.consume(SyslogScanner.space),
              let hour = number(maxDigits: 2), s.consume(UInt8(ascii: ":")),
              let minute = number(maxDigits: 2), s.consume(UInt8(ascii: ":")),
              let second = number(maxDigits: 2),
              hour <= 23, minute <= 59, second <= 60, day >= 1
        else { return fail() }
        let month = Int64(monthIndex + 1)
        let receivedDays = receivedAt.nanosecondsSinceEpoch / 1_000_000_000 / 86_400
        let receivedYear = RFC3339.civilFromDays(receivedDays).year
        let receivedSeconds = receivedAt.nanosecondsSinceEpoch / 1_000_000_000
        func seconds(inYear year: Int64) -> Int64? {
            guard day <= RFC3339.daysInMonth(year: year, month: month) else { return nil }
            return RFC3339.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + min(second, 59)
        }
        var candidate = seconds(inYear: receivedYear)
        if candidate == nil || candidate.map({ $0 > receivedSeconds + maxFutureSkewSeconds }) == true {
            candidate = seconds(inYear: receivedYear - 1)
        }
        guard let secs = candidate else { return fail() }
        let (nanoseconds, overflow) = secs.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return fail() }
        return Timestamp(nanosecondsSinceEpoch: nanoseconds)
    }
}
