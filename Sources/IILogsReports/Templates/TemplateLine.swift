public import IILogsCore

/// One log line as the miner sees it.
public struct TemplateLine: Sendable, Hashable {
    public var time: Timestamp
    public var severity: Severity
    public var app: String
    public var message: String

    public init(time: Timestamp, severity: Severity, app: String, message: String) {
        self.time = time
        self.severity = severity
        self.app = app
        self.message = message
    }
}

/// A message with the continuation lines folded into it (a stack trace), or a single line.
public struct TemplateEvent: Sendable, Hashable {
    /// The first line of the message.
    public var head: TemplateLine
    /// Folded continuation lines, at most ``TemplateMinerSettings/maxContinuationLines``.
    public var continuation: [String] = []
    /// Continuation lines beyond the limit: counted, not kept.
    public var droppedContinuationLines = 0
    /// The time of the last line folded in.
    public var lastTime: Timestamp
    /// The worst severity of any folded line.
    public var severity: Severity
    /// A Python traceback's exception line (`ValueError: bad input`), which names the error better than
    /// a bare `Traceback (most recent call last):` head.
    public var exceptionLine: String?

    public init(head: TemplateLine) {
        self.head = head
        self.lastTime = head.time
        self.severity = head.severity
    }

    /// The text that is mined: the head, or the exception line when the head is a bare Python `Traceback` line.
    public var miningText: String {
        if head.message.hasPrefix(TraceFolder.pythonTracebackHead), let exceptionLine { return exceptionLine }
        return head.message
    }
}
