/// One JSON value (RFC 8259), as ``JSONReader`` reads it.
///
/// Numbers keep their literal text (already checked against the JSON number grammar), so a caller
/// converts them to the integer or floating type it needs without a lossy `Double` in between.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's literal text, e.g. `-12`, `3.5e10`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The text of a string value; nil for any other kind.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The elements of an array value; nil for any other kind.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members of an object value; nil for any other kind.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// A number value that is an integer of type `T` (no fraction, no exponent, in range); nil otherwise.
    public func integer<T: FixedWidthInteger>(_: T.Type = T.self) -> T? {
        if case .number(let text) = self { return T(text) }
        return nil
    }

    /// The member `key` of an object value (the last one when the key repeats); nil when absent or
    /// when this is not an object.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

/// A JSON object's members in document order.
public struct JSONObject: Sendable, Hashable {
    /// One `"key": value` pair.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Every member, repeated keys included, in the order they were written.
    public var members: [Member]

    public init(members: [Member] = []) {
        self.members = members
    }

    /// The value of `key`; when the key repeats, the last one wins (as in JavaScript and Foundation's
    /// `JSONDecoder`).
    public subscript(key: String) -> JSONValue? {
        members.last(where: { $0.key == key })?.value
    }
}
