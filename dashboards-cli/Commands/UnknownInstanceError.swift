/// An instance the store has never heard of: `iilogs timeline` and `iilogs instances ID` exit 1 with this,
/// so a script reading `--output json` never takes the message for JSON.
struct UnknownInstanceError: Error, CustomStringConvertible {
    var instanceID: String
    var description: String { "no instance \(instanceID) is known" }
}
