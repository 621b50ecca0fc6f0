import Dispatch
import Foundation

/// The little terminal I/O `iilogs dash` needs: the window size, non-canonical input so one key press is read
/// at once, the alternate screen, and restoring all of it on exit, SIGINT or SIGTERM.
final class DashTerminal: @unchecked Sendable {
    /// Entered on start, left on restore: alternate screen, cursor hidden.
    static let enter = "\u{1B}[?1049h\u{1B}[?25l"
    static let leave = "\u{1B}[?25h\u{1B}[?1049l"
    /// Cursor to the top left; clear to the end of the line; clear below the cursor.
    static let home = "\u{1B}[H"
    static let clearLine = "\u{1B}[K"
    static let clearBelow = "\u{1B}[J"

    private let saved: termios?
    private let lock = NSLock()
    private var restored = false
    private var signalSources: [any DispatchSourceSignal] = []

    /// Switches to the alternate screen and, when stdin is a terminal, to non-canonical input without echo (output
    /// processing stays on, so `\n` still returns the carriage).
    init() {
        var settings = termios()
        if isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &settings) == 0 {
            saved = settings
            var raw = settings
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
            withUnsafeMutableBytes(of: &raw.c_cc) { cc in
                cc[Int(VMIN)] = 0
                cc[Int(VTIME)] = 0
            }
            tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        } else {
            saved = nil
        }
        Self.write(Self.enter)
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                restore()
                exit(number == SIGINT ? 130 : 143)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// Leaves the alternate screen and gives the terminal its settings back; safe to call more than once.
    func restore() {
        lock.lock()
        defer { lock.unlock() }
        guard !restored else { return }
        restored = true
        if var saved { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        Self.write(Self.leave)
    }

    /// Draws `frame` (lines joined by `\n`) from the top left, clearing what the previous frame left behind.
    func draw(_ frame: String) {
        let lines = frame.split(separator: "\n", omittingEmptySubsequences: false)
        Self.write(Self.home + lines.map { $0 + Self.clearLine }.joined(separator: "\n") + Self.clearBelow)
    }

    /// True when `q` (or `Q`) was pressed since the last call; never waits.
    func quitPressed() -> Bool {
        guard saved != nil else { return false }
        var pending = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&pending, 1, 0) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(STDIN_FILENO, &buffer, buffer.count)
        return count > 0 && buffer[..<count].contains { $0 == UInt8(ascii: "q") || $0 == UInt8(ascii: "Q") }
    }

    /// The window's size from TIOCGWINSZ on stdout, nil when stdout is not a terminal.
    static func size() -> (width: Int, height: Int)? {
        var size = winsize()
        guard isatty(STDOUT_FILENO) == 1, withUnsafeMutablePointer(to: &size, { ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), $0) }) == 0,
              size.ws_col > 0, size.ws_row > 0 else {
            return nil
        }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
