/// Anything an agent ships.
public enum Record: Sendable, Hashable {
    case log(LogRecord)
    case metric(MetricSample)
    case lifecycle(LifecycleEvent)

    public var time: Timestamp {
        switch self {
        case .log(let r): r.time
        case .metric(let m): m.time
        case .lifecycle(let e): e.time
        }
    }
}
