/// Who recorded a lifecycle event: the instance's own agent, or a deployer through `POST /v1/events`.
public enum LifecycleSource: String, Sendable, Hashable, CaseIterable, Codable {
    case agent
    case deployer
}
