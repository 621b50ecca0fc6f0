public import IILogsCore

/// What a tail client remembers to reconnect without gap or repeat (pure; the CLI drives it).
///
/// The collector writes a `{"tail":…}` mark after each batch of lines, so after a break the client resumes
/// from the last mark's cursor and skips the lines it already printed after that mark: the resumed stream
/// sends the same lines (same chunks, same filters, same order) first.
public struct TailResume: Sendable, Hashable {
    /// The last mark's cursor; nil before the first mark (nothing to resume from yet).
    public private(set) var cursor: Int64?
    /// Lines handed out since the last mark.
    public private(set) var linesSinceMark = 0
    /// Lines still to drop at the start of a resumed stream.
    public private(set) var toSkip = 0
    /// Marks received in all (a stream that delivers marks is alive).
    public private(set) var marks = 0

    public init() {}

    /// The line to print for `event`, or nil (a mark, or a line already printed before the break).
    public mutating func accept(_ event: TailEvent) -> APILogLine? {
        switch event {
        case .mark(let mark):
            cursor = mark.cursor
            marks += 1
            linesSinceMark = 0
            toSkip = 0
            return nil
        case .line(let line):
            if toSkip > 0 {
                toSkip -= 1
                return nil
            }
            linesSinceMark += 1
            return line
        }
    }

    /// Prepares a reconnection and returns the cursor to resume after (nil: start afresh, nothing was marked).
    public mutating func resume() -> Int64? {
        toSkip = linesSinceMark
        linesSinceMark = 0
        return cursor
    }
}
