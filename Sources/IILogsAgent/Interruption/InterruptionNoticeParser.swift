import IILogsCore

/// Reads the metadata endpoint's reply (status and body) as a poll result. Pure and total: every
/// status and byte sequence yields an ``InterruptionPoll``.
///
/// - AWS: 404 → none; 200 with a JSON object whose `action` is a short word of letters → notice, with
///   its `time` when it is a string; anything else → unexpected.
/// - GCP: 200 with `TRUE` → notice (`preempted`), 200 with `FALSE` → none (whitespace ignored,
///   case-insensitive); anything else → unexpected.
public enum InterruptionNoticeParser {
    /// Largest body looked at; a bigger one is unexpected.
    public static let maxBodyBytes = 4096
    /// Longest action or time kept.
    public static let maxFieldBytes = 64

    /// The poll result of one reply.
    public static func parse(kind: InterruptionSettings.Kind, status: Int, body: [UInt8]) -> InterruptionPoll {
        if body.count > maxBodyBytes { return .unexpected("HTTP \(status) with a \(body.count)-byte body; mustn't exceed \(maxBodyBytes)") }
        switch kind {
        case .aws: return parseAWS(status: status, body: body)
        case .gcp: return parseGCP(status: status, body: body)
        }
    }

    static func parseAWS(status: Int, body: [UInt8]) -> InterruptionPoll {
        if status == 404 { return .none }
        guard status == 200 else { return .unexpected("HTTP \(status)") }
        guard let reply = try? JSONReader.parse(body), reply.objectValue != nil else {
            return .unexpected("HTTP 200 without a JSON object")
        }
        guard let action = reply["action"]?.stringValue, !action.isEmpty, action.utf8.count <= maxFieldBytes,
              action.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "-" || $0 == "_" })
        else { return .unexpected("HTTP 200 without a valid \"action\"") }
        let time = reply["time"]?.stringValue.flatMap { time in
            time.utf8.count <= maxFieldBytes && time.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x21 && $0.value < 0x7F }) ? time : nil
        }
        return .notice(InterruptionNotice(kind: .aws, action: action, time: time))
    }

    static func parseGCP(status: Int, body: [UInt8]) -> InterruptionPoll {
        guard status == 200 else { return .unexpected("HTTP \(status)") }
        let text = String(decoding: body, as: UTF8.self).uppercased().filter { !$0.isWhitespace }
        switch text {
        case "TRUE": return .notice(InterruptionNotice(kind: .gcp, action: "preempted"))
        case "FALSE": return .none
        default: return .unexpected("HTTP 200 with neither TRUE nor FALSE")
        }
    }
}
