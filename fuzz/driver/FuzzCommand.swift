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
///     iilogs-fuzz write-seeds log-block-container fuzz/corpus/log-block-container  # seeds from the encoders
///     iilogs-fuzz write-seeds message-templates fuzz/corpus/message-templates
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

    /// The targets whose seeds are made by the current encoders rather than kept by hand.
    static func generatedSeeds(_ target: FuzzTarget) -> [(name: String, input: [UInt8])]? {
        switch target {
        case .logBlockContainer: LogBlockContainerFuzzer.seeds()
        case .messageTemplates: MessageTemplatesFuzzer.seeds()
        default: nil
        }
    }

    /// `iilogs-fuzz write-seeds TARGET DIR`: the seeds made from the current encoders (log-block-container,
    /// message-templates).
    static func writeSeeds(_ arguments: [String]) {
        let names = FuzzTarget.allCases.filter { generatedSeeds($0) != nil }.map(\.rawValue).joined(separator: "|")
        guard arguments.count == 2, let target = FuzzTarget(rawValue: arguments[0]), let seeds = generatedSeeds(target) else {
            fail("usage: iilogs-fuzz write-seeds \(names) DIR")
        }
        for (name, input) in seeds {
            do {
                try Data(input).write(to: URL(fileURLWithPath: arguments[1]).appendingPathComponent(name))
            } catch {
                fail("cannot write \(name): \(error)")
            }
        }
        print("wrote \(seeds.count) \(target.rawValue) seeds to \(arguments[1])")
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("iilogs-fuzz: \(message)\n".utf8))
        exit(2)
    }
}
