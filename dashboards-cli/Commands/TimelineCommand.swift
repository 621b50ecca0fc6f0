import ArgumentParser
import IILogsCore
import IILogsReports

/// `iilogs timeline`: one instance's life story.
struct TimelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Show an instance's life story: lifecycle events, state changes, first and last log line, gaps in shipping.",
        discussion: """
            Events come from the instance's agent (boot, agent-start, ready, terminating, shutdown; heartbeats are
            counted, the last of each boot is shown) and from deployers (launched, terminate-requested, terminated,
            quarantined-by-deployer). A gap is a silence longer than 3 heartbeat intervals or a run of batch
            sequence numbers that never arrived. Times are UTC; OFFSET counts from the first entry.
            --output jsonl prints one entry a line.
            Examples:
              iilogs timeline --instance i-0abc
              iilogs timeline --instance i-0abc --data /var/lib/iilogs --output json
            """
    )

    @OptionGroup var source: SourceOptions
    @OptionGroup var out: OutputOptions

    @Option(help: ArgumentHelp("Instance ID.", valueName: "ID")) var instance: String

    func validate() throws {
        if instance.isEmpty { throw ValidationError("--instance must not be empty") }
    }

    func run() async throws {
        guard let timeline = try await source.makeSource().timeline(instance) else {
            throw UnknownInstanceError(instanceID: instance)
        }
        emit(TimelineRenderer.render(timeline, format: out.output))
    }
}
