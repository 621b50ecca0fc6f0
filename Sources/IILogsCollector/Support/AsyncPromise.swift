import Synchronization

/// A value that is set once and awaited by any number of tasks (bound addresses, start-up failure).
public final class AsyncPromise<Value: Sendable>: Sendable {
    private enum State {
        case pending([CheckedContinuation<Value, any Error>])
        case fulfilled(Value)
        case failed(any Error)
    }

    private let state = Mutex<State>(.pending([]))

    public init() {}

    /// Sets the value; later calls are ignored.
    public func succeed(_ value: Value) {
        complete(.success(value))
    }

    /// Fails every waiter; later calls are ignored.
    public func fail(_ error: any Error) {
        complete(.failure(error))
    }

    /// Waits for the value.
    public func value() async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let ready: Result<Value, any Error>? = state.withLock { state in
                switch state {
                case .pending(var waiters):
                    waiters.append(continuation)
                    state = .pending(waiters)
                    return nil
                case .fulfilled(let value):
                    return .success(value)
                case .failed(let error):
                    return .failure(error)
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// The value if already set.
    public var currentValue: Value? {
        state.withLock { state in
            if case .fulfilled(let value) = state { return value }
            return nil
        }
    }

    private func complete(_ result: Result<Value, any Error>) {
        let waiters: [CheckedContinuation<Value, any Error>] = state.withLock { state in
            guard case .pending(let waiters) = state else { return [] }
            switch result {
            case .success(let value): state = .fulfilled(value)
            case .failure(let error): state = .failed(error)
            }
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }
}
