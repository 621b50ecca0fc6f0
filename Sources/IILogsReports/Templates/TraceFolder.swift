import IILogsCore

/// Folds multi-line stack traces into the message they belong to, so a trace counts once in the miner.
///
/// Lines arrive one record each (file tails and syslog split on newlines). A line continues the pending
/// message when it has the same app, arrives within ``TemplateMinerSettings/continuationWindow`` of the
/// previous one, and is one of:
/// - a Java frame (`\tat com.x.Y.z(Y.java:42)`), `... 12 more`, `Caused by: …`, `Suppressed: …`;
/// - a Java exception line (`java.lang.IllegalStateException: boom`) right after the head;
/// - a Python `Traceback (most recent call last):`, an indented line inside it (`  File "…", line 3, in f`
///   and the code under it), and the first unindented line after the frames, the exception
///   (`ValueError: bad input`), which closes the trace unless a chained exception follows (a blank line and
///   `During handling of the above exception…` or `The above exception was the direct cause…`); the trace
///   is then named by the last exception line.
///
/// Anything else starts a new message. Lines interleaved from another app break the trace (the parts are
/// then mined apart): the folder sees one instance's lines in time order.
public struct TraceFolder: Sendable {
    public static let pythonTracebackHead = "Traceback (most recent call last):"
    /// Lines between the tracebacks of chained Python exceptions (`raise … from …`, or raising while handling).
    static let pythonChainLines: Set<String> = [
        "", "During handling of the above exception, another exception occurred:",
        "The above exception was the direct cause of the following exception:",
    ]

    public var settings: TemplateMinerSettings
    private var pending: TemplateEvent?
    /// Whether the pending message is inside a Python traceback, and whether its exception line was seen.
    private var inPythonTrace = false
    private var closed = false
    /// Continuation lines folded so far (kept or dropped).
    public private(set) var foldedLines = 0

    public init(settings: TemplateMinerSettings) {
        self.settings = settings
    }

    /// Takes the next line; returns the previous message when this line starts a new one.
    public mutating func add(_ line: TemplateLine) -> TemplateEvent? {
        guard settings.foldStackTraces else { return TemplateEvent(head: line) }
        let chains = inPythonTrace && Self.pythonChainLines.contains(line.message)
        if var event = pending, !closed || chains, line.app == event.head.app,
           line.time >= event.lastTime, line.time <= event.lastTime.adding(settings.continuationWindow),
           continues(event, line.message) {
            if event.continuation.count < settings.maxContinuationLines {
                event.continuation.append(line.message)
            } else {
                event.droppedContinuationLines += 1
            }
            event.lastTime = line.time
            if line.severity.isAtLeast(event.severity) { event.severity = line.severity }
            if chains {
                closed = false  // a chained exception follows: keep folding until its own exception line
            } else if inPythonTrace, !Self.isIndented(line.message), line.message != Self.pythonTracebackHead {
                event.exceptionLine = line.message
                closed = true
            }
            if line.message == Self.pythonTracebackHead { inPythonTrace = true }
            foldedLines += 1
            pending = event
            return nil
        }
        let finished = pending
        pending = TemplateEvent(head: line)
        inPythonTrace = line.message.hasPrefix(Self.pythonTracebackHead)
        closed = false
        return finished
    }

    /// The pending message, if any; the folder is empty afterwards.
    public mutating func flush() -> TemplateEvent? {
        defer {
            pending = nil
            inPythonTrace = false
            closed = false
        }
        return pending
    }

    private func continues(_ event: TemplateEvent, _ message: String) -> Bool {
        let trimmed = message.drop { $0 == " " || $0 == "\t" }
        let indented = Self.isIndented(message)
        if indented && trimmed.hasPrefix("at ") { return true }
        if indented && trimmed.hasPrefix("... ") && trimmed.dropFirst(4).first?.isNumber == true { return true }
        if message.hasPrefix("Caused by: ") || trimmed.hasPrefix("Suppressed: ") { return true }
        if message == Self.pythonTracebackHead { return true }
        if inPythonTrace {
            // Frames and code are indented; the first unindented line after them is the exception.
            return indented || !event.continuation.isEmpty || event.head.message.hasPrefix(Self.pythonTracebackHead)
        }
        return event.continuation.isEmpty && Self.isJavaExceptionLine(message)
    }

    static func isIndented(_ s: String) -> Bool { s.first == " " || s.first == "\t" }

    /// `java.lang.IllegalStateException: boom`, `com.acme.FooError`: a dotted class name ending in
    /// Exception, Error or Throwable, optionally followed by `: message`.
    static func isJavaExceptionLine(_ s: String) -> Bool {
        let name = s.prefix { $0 != ":" && $0 != " " }
        guard name.contains("."), name.first?.isLetter == true,
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "$" })
        else { return false }
        guard name.hasSuffix("Exception") || name.hasSuffix("Error") || name.hasSuffix("Throwable") else { return false }
        let rest = s.dropFirst(name.count)
        return rest.isEmpty || rest.hasPrefix(": ") || rest == ":"
    }
}
