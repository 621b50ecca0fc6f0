#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import IILogsCore
public import IILogsStore

/// Turns the body of `POST /v1/events` into validated ``DeployerEvent``s; every error names its field
/// (`events[2].time: …` when the body is an array).
public enum DeployerEventsRequest {
    /// Largest body accepted (413 above).
    public static let maxBodyBytes = 1 << 20
    /// Most events in one request.
    public static let maxEventsPerRequest = 1000
    /// Longest `detail`, in bytes of UTF-8.
    public static let maxDetailBytes = 4096
    /// Longest `id`, in bytes of UTF-8.
    public static let maxIDBytes = 256
    /// How far in the future an event's `time` may be (clock skew between deployer and collector).
    public static let maxFutureSkew: Duration = .seconds(3600)
    /// Fields an event may have; any other is a 400 (a typo should not be silently ignored).
    public static let knownFields = ["detail", "event", "id", "image", "instance", "time"]

    /// Parses and validates `body`; events without `time` take `now`.
    public static func parse(_ body: [UInt8], now: Timestamp) throws(APIError) -> [DeployerEvent] {
        let decoded: Body
        do {
            decoded = try JSONDecoder().decode(Body.self, from: Data(body))
        } catch {
            throw .badEvent("body", "expected a JSON object {instance, image, event, time?, detail?, id?} or an array of them")
        }
        switch decoded {
        case .one(let raw):
            return [try validate(raw, prefix: "", now: now)]
        case .many(let raws):
            guard !raws.isEmpty else { throw .badEvent("body", "the array is empty") }
            guard raws.count <= maxEventsPerRequest else {
                throw .badEvent("body", "\(raws.count) events; mustn't exceed \(maxEventsPerRequest) per request")
            }
            var events: [DeployerEvent] = []
            for (index, raw) in raws.enumerated() { events.append(try validate(raw, prefix: "events[\(index)].", now: now)) }
            return events
        }
    }

    static func validate(_ raw: RawEvent, prefix: String, now: Timestamp) throws(APIError) -> DeployerEvent {
        if let unknown = raw.fields.keys.sorted().first(where: { !knownFields.contains($0) }) {
            throw .badEvent(prefix + unknown, "unknown field; known: \(knownFields.joined(separator: ", "))")
        }
        func string(_ name: String, required: Bool) throws(APIError) -> String? {
            switch raw.fields[name] {
            case nil, .null?:
                if required { throw .badEvent(prefix + name, "is required") }
                return nil
            case .notString?: throw .badEvent(prefix + name, "must be a string")
            case .string(let value)?: return value
            }
        }
        let instance = try string("instance", required: true) ?? ""
        let image = try string("image", required: true) ?? ""
        do {
            try InstanceIdentity(instanceID: instance, imageVersion: image).validate()
        } catch {
            throw .badEvent(prefix + (error.field == "instanceID" ? "instance" : "image"), error.problem)
        }
        let eventName = try string("event", required: true) ?? ""
        guard let name = LifecycleEvent.Name.deployerNames.first(where: { $0.rawValue == eventName }) else {
            throw .badEvent(prefix + "event", "'\(eventName)' is not a deployer event; use one of "
                + LifecycleEvent.Name.deployerNames.map(\.rawValue).joined(separator: ", "))
        }
        var time = now
        if let text = try string("time", required: false) {
            guard let parsed = RFC3339.parse(text) else {
                throw .badEvent(prefix + "time", "expected an RFC 3339 time such as 2026-11-23T09:00:00Z, got '\(text)'")
            }
            guard parsed <= now.adding(maxFutureSkew) else {
                throw .badEvent(prefix + "time", "\(text) is more than \(DurationParser.format(maxFutureSkew)) in the future")
            }
            time = parsed
        }
        let detail = try string("detail", required: false) ?? ""
        guard detail.utf8.count <= maxDetailBytes else {
            throw .badEvent(prefix + "detail", "is \(detail.utf8.count) bytes; mustn't exceed \(maxDetailBytes)")
        }
        let id = try string("id", required: false)
        if let id {
            if id.isEmpty { throw .badEvent(prefix + "id", "must not be empty (leave it out to dedupe by event and time)") }
            if id.utf8.count > maxIDBytes { throw .badEvent(prefix + "id", "is \(id.utf8.count) bytes; mustn't exceed \(maxIDBytes)") }
            if id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw .badEvent(prefix + "id", "must not contain control characters")
            }
        }
        return DeployerEvent(instanceID: instance, imageVersion: image, name: name, time: time, detail: detail, id: id)
    }

    /// One object or an array of objects.
    enum Body: Decodable {
        case one(RawEvent)
        case many([RawEvent])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let many = try? container.decode([RawEvent].self) {
                self = .many(many)
            } else {
                self = .one(try container.decode(RawEvent.self))
            }
        }
    }

    /// An event object's fields as found, so validation can name the one that is wrong.
    struct RawEvent: Decodable {
        enum Value { case string(String), null, notString }
        var fields: [String: Value] = [:]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            for key in container.allKeys {
                if let text = try? container.decode(String.self, forKey: key) {
                    fields[key.stringValue] = .string(text)
                } else if (try? container.decodeNil(forKey: key)) == true {
                    fields[key.stringValue] = .null
                } else {
                    fields[key.stringValue] = .notString
                }
            }
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
