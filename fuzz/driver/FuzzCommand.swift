import Foundation
import IILogsFuzzing

#if IILOGS_LIBFUZZER
/// libFuzzer's entry point when the program supplies `main` (linked by `-sanitize=fuzzer`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The target libFuzzer drives, chosen once before the driver starts.
nonisolated(unsafe) var selectedTarget = FuzzTarget.wireStream
#endif

/// `iilogs-fuzz`: runs one decoder under libFuzzer (built with fuzz/run.sh) or, in a normal build,
/// replays saved inputs through it.
///
///     IILOGS_FUZZ_TARGET=wire-stream iilogs-fuzz CORPUS_DIR -max_total_time=30   # libFuzzer build
///     iilogs-fuzz wire-stream FILE_OR_DIR…                                       # replay
///     iilogs-fuzz write-seeds log-block-container fuzz/corpus/log-block-container  # seeds from the encoder
@main
enum FuzzCommand {
    static func main() {
        let targets = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        #if IILOGS_LIBFUZZER
        let name = ProcessInfo.processInfo.environment["IILOGS_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fail("set IILOGS_FUZZ_TARGET to one of: \(targets)")
        }
        selectedTarget = target
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            selectedTarget.run(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        })
        #else
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.first == "write-seeds" {
            writeSeeds(Array(arguments.dropFirst()))
            return
        }
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            fail("usage: iilogs-fuzz TARGET FILE_OR_DIR…  (targets: \(targets)); libFuzzer builds: see fuzz/run.sh")
        }
        do {
            let count = try FuzzCorpus.replay(target, paths: arguments.dropFirst().map { URL(fileURLWithPath: $0) })
            print("\(target.rawValue): \(count) inputs replayed, no invariant broken")
        } catch {
            fail("cannot read inputs: \(error)")
        }
        #endif
    }

    /// `iilogs-fuzz write-seeds log-block-container DIR`: the seeds made from the current block encoder.
    static func writeSeeds(_ arguments: [String]) {
        guard arguments.count == 2, arguments[0] == FuzzTarget.logBlockContainer.rawValue else {
            fail("usage: iilogs-fuzz write-seeds \(FuzzTarget.logBlockContainer.rawValue) DIR")
        }
        for (name, input) in LogBlockContainerFuzzer.seeds() {
            do {
                try Data(input).write(to: URL(fileURLWithPath: arguments[1]).appendingPathComponent(name))
            } catch {
                fail("cannot write \(name): \(error)")
            }
        }
        print("wrote \(LogBlockContainerFuzzer.seeds().count) seeds to \(arguments[1])")
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("iilogs-fuzz: \(message)\n".utf8))
        exit(2)
    }
}
