import ArgumentParser
import Foundation
import IILogsCollector

/// `iilogs token --instance ID --secret-file F`: the per-instance agent token a provisioning system hands
/// to one instance's agent (`iilogs-agent run --token …`).
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print the agent token of one instance, derived from the collector's --instance-secret-file.",
        discussion: """
            The token opens the collector's agent protocol for this instance only (docs/SECURITY.md). Run it where \
            instances are launched (cloud-init user data, a launch template hook) and give the output to the agent:
              iilogs-agent run --token "$(iilogs token --instance i-0abc --secret-file /etc/iilogs/instance-secret)" …
            """)

    @Option(name: .long, help: "Instance ID the token is for (exactly as the agent reports it).") var instance: String
    @Option(name: .long, help: ArgumentHelp("File holding the secret (the collector's --instance-secret-file).", valueName: "FILE"))
    var secretFile: String

    func validate() throws {
        if instance.isEmpty { throw ValidationError("--instance must not be empty") }
    }

    func run() throws {
        let secret: String
        do {
            secret = try SecretFile.read(secretFile)
        } catch {
            throw ValidationError("--secret-file: \(error.description)")
        }
        guard secret.utf8.count >= InstanceToken.minimumSecretBytes else {
            throw ValidationError("--secret-file: the secret must be at least \(InstanceToken.minimumSecretBytes) bytes, got \(secret.utf8.count)")
        }
        print(InstanceToken.derive(secret: Array(secret.utf8), instanceID: instance))
    }
}
