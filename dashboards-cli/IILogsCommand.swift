import ArgumentParser

/// `iilogs`: query, inspect and demo an iilogs fleet.
@main
struct IILogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iilogs",
        abstract: "Logs and life stories of disposable cloud instances.",
        discussion: """
            Reads from a collector (--collector URL or IILOGS_COLLECTOR) or, offline, from a data folder (--data DIR).
            Start with `iilogs demo`.
            """,
        subcommands: [QueryCommand.self, TailCommand.self, InstancesCommand.self, ImagesCommand.self, MetricsCommand.self, TimelineCommand.self,
                      PostmortemCommand.self, QuarantineCommand.self, HealthCommand.self, DashCommand.self, TokenCommand.self, DemoCommand.self,
                      BenchCommand.self]
    )
}
