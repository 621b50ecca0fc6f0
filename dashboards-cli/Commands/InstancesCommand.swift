public import ArgumentParser
import IILogsCore
import IILogsReports
import IILogsStore

/// `iilogs instances`: the fleet's instances and their derived state.
struct InstancesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instances",
        abstract: "List instances with their state (running, terminating, terminated, lost, quarantined) and delivery counts.",
        discussion: "With an ID argument, show that instance with its lifecycle events; `iilogs timeline --instance ID` tells its whole story."
    )

    @OptionGroup var source: SourceOptions
    @OptionGroup var out: OutputOptions

    @Argument(help: "Show one instance in detail.") var instanceID: String?
    @Option(help: ArgumentHelp("Only instances of this image version.", valueName: "VERSION")) var image: String?
    @Option(help: ArgumentHelp("Only instances in this state: running terminating terminated lost quarantined.", valueName: "STATE"))
    var state: InstanceState?

    func run() async throws {
        let source = try source.makeSource()
        if let instanceID {
            guard let instance = try await source.instance(instanceID) else {
                throw UnknownInstanceError(instanceID: instanceID)
            }
            switch out.output {
            case .json, .jsonl: emit(LogLineRenderer.encode(instance, pretty: out.output == .json) + "\n")
            case .text: emit(InstanceTable.detail(instance))
            }
            return
        }
        let instances = try await source.instances(image: image, state: state)
        switch out.output {
        case .json: emit(LogLineRenderer.encode(instances, pretty: true) + "\n")
        case .jsonl: emit(instances.map { LogLineRenderer.encode($0, pretty: false) + "\n" }.joined())
        case .text: emit(InstanceTable.render(instances))
        }
    }
}

extension InstanceState: ExpressibleByArgument {}
