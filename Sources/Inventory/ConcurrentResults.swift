import Foundation

/// A fixed array that concurrent workers fill by index (`DispatchQueue.concurrentPerform`), read once they finish.
final class ConcurrentResults<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Value]

    init(count: Int, initial: Value) {
        storage = Array(repeating: initial, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
