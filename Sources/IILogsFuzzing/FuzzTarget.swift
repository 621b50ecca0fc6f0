/// One decoder under fuzzing: bytes in, a verdict out, never a trap except on a broken invariant.
///
/// Every target is total over arbitrary bytes (it returns normally for any input); on top of
/// "does not crash" each checks an invariant that a correct decoder keeps — re-encoding what was
/// decoded is stable, drip-feeding bytes one at a time decodes the same as one buffer — and traps
/// through ``FuzzInvariant/check(_:_:target:)`` when it breaks, so libFuzzer records the input.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Agent protocol frames (`WireCodec`/`WireMessageDecoder`), batches with their side payload.
    case wireStream = "wire-stream"
    /// The log block body reader behind ``LogBlockCodec/decode(_:maxUncompressedBytes:)``.
    case logBlockBody = "log-block-body"
    /// A sectioned block's container (meta stream and per-app message sections), read as version 2 and as
    /// version 3, through every reader of ``LogBlockCodec``.
    case logBlockContainer = "log-block-container"
    /// One syslog message through the RFC 5424 / RFC 3164 parser.
    case syslogMessage = "syslog-message"
    /// A syslog TCP stream through RFC 6587 framing (octet counting and LF).
    case syslogStream = "syslog-stream"
    /// Text settings: durations, RFC 3339 times, HOST:PORT.
    case textSettings = "text-settings"
    /// Rule files (YAML) through ``RuleFileLoader``.
    case ruleFile = "rule-file"
    /// The HTTP API's query parameters through the `IILogsQueryParsing` parsers.
    case queryParameters = "query-parameters"
    /// JSON documents through ``JSONReader`` (what the agent reads from cloud-init, journalctl and metadata endpoints).
    case jsonDocument = "json-document"
    /// A version-3 message section's templates and typed variables: ``MessageTemplateReader`` over arbitrary
    /// streams, and ``MessageTemplateWriter`` to the reader and back over arbitrary messages.
    case messageTemplates = "message-templates"

    /// Runs the target over `data`. Returns normally for every input a correct decoder accepts or refuses.
    public func run(_ data: UnsafeRawBufferPointer) {
        let bytes = Array(data)
        switch self {
        case .wireStream: WireStreamFuzzer.run(bytes)
        case .logBlockBody: LogBlockBodyFuzzer.run(bytes)
        case .logBlockContainer: LogBlockContainerFuzzer.run(bytes)
        case .syslogMessage: SyslogMessageFuzzer.run(bytes)
        case .syslogStream: SyslogStreamFuzzer.run(bytes)
        case .textSettings: TextSettingsFuzzer.run(bytes)
        case .ruleFile: RuleFileFuzzer.run(bytes)
        case .queryParameters: QueryParametersFuzzer.run(bytes)
        case .jsonDocument: JSONDocumentFuzzer.run(bytes)
        case .messageTemplates: MessageTemplatesFuzzer.run(bytes)
        }
    }

    /// Convenience for tests and replay.
    public func run(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { run($0) }
    }
}
