import ArgumentParser
import IILogsCore
import IILogsReports

/// `iilogs images`: image versions and their instances by state.
struct ImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "List image versions with their instances by state (running, terminating, terminated, lost, quarantined) and lines stored."
    )

    @OptionGroup var source: SourceOptions
    @OptionGroup var out: OutputOptions

    func run() async throws {
        let images = try await source.makeSource().images()
        switch out.output {
        case .json: emit(LogLineRenderer.encode(images, pretty: true) + "\n")
        case .jsonl: emit(images.map { LogLineRenderer.encode($0, pretty: false) + "\n" }.joined())
        case .text: emit(InstanceTable.render(images))
        }
    }
}
