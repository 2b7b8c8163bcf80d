import CDeviceMapper
import CDeviceMapperShim
import Synchronization

/// The one way into libdevmapper. The library keeps global state (the control fd, version check,
/// name mangling mode, log function) and is not thread-safe, so every `dm_*` call in this module runs
/// inside this gate, one at a time.
///
/// The gate also installs the log sink before the first library call, so libdevmapper never writes to
/// stderr, and hands each call the errors and warnings the library logged while it ran.
public final class DeviceMapperGate: Sendable {
    /// The process has one libdevmapper, so it has one gate.
    public static let shared = DeviceMapperGate()

    private let state = Mutex(State())

    private struct State {
        var sinkInstalled = false
        /// Probed once: libdevmapper itself remembers a failed version check for the life of the
        /// process (later `dm_task_create` calls fail without a word), so asking again is pointless,
        /// and the first answer is the only one that carries the library's explanation.
        var availability: DeviceMapperAvailability?
    }

    /// Proof that the holder is inside the gate. Only the gate creates one, and it cannot escape the
    /// closure it is lent to.
    struct Session: ~Copyable {
        fileprivate init() {}
    }

    private init() {}

    /// The libdevmapper version string, e.g. "1.02.185 (2022-05-18)". Needs no kernel driver.
    public var libraryVersion: String {
        exclusive { (_: borrowing Session) in Self.readLibraryVersion() }.result
    }

    /// Whether this kernel's device-mapper can be used, probed on first use and then remembered.
    public func availability() -> DeviceMapperAvailability {
        state.withLock { state in
            installSinkIfNeeded(&state)
            return probedAvailability(&state)
        }
    }

    /// Runs code that talks to the kernel, attaching what the library logged meanwhile to a thrown error.
    /// Throws `kernelHasNoDeviceMapper` (with the library's words from the probe) when the kernel has
    /// none, without calling the library again. `body` must not call the gate: its lock is not recursive.
    /// - Parameter operation: what the caller is doing, for the error ("read the status of docker-thinpool").
    func withKernel<T: Sendable>(
        operation: String,
        _ body: (borrowing Session) throws(ThinPoolError) -> T
    ) throws(ThinPoolError) -> T {
        let (outcome, messages) = state.withLock { state in
            installSinkIfNeeded(&state)
            let availability = probedAvailability(&state)
            if let failure = availability.failure(operation: operation) {
                return (Result<T, ThinPoolError>.failure(failure), [String]())
            }
            _ = DeviceMapperLog.drain()
            let session = Session()
            let outcome = Result<T, ThinPoolError> { () throws(ThinPoolError) -> T in try body(session) }
            return (outcome, DeviceMapperLog.drain())
        }
        return try outcome.mapError { $0.attaching(messages) }.get()
    }

    /// Runs `body` alone in the library and returns what the library logged (errors and warnings)
    /// meanwhile. For calls that need no kernel driver (version, libdevmapper's own parsers).
    func exclusive<T: Sendable>(_ body: (borrowing Session) -> T) -> (result: T, messages: [String]) {
        state.withLock { state in
            installSinkIfNeeded(&state)
            _ = DeviceMapperLog.drain()
            let session = Session()
            let result = body(session)
            return (result, DeviceMapperLog.drain())
        }
    }

    private func installSinkIfNeeded(_ state: inout State) {
        guard !state.sinkInstalled else { return }
        drivershift_dm_install_log_sink { level, message in
            DeviceMapperLog.record(level: level, message: message)
        }
        state.sinkInstalled = true
    }

    private func probedAvailability(_ state: inout State) -> DeviceMapperAvailability {
        if let known = state.availability { return known }
        _ = DeviceMapperLog.drain()
        let probed = DeviceMapperAvailability.probe(
            session: Session(), libraryVersion: Self.readLibraryVersion(), drainMessages: DeviceMapperLog.drain)
        state.availability = probed
        return probed
    }

    private static func readLibraryVersion() -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        let ok = buffer.withUnsafeMutableBufferPointer { dm_get_library_version($0.baseAddress, $0.count) }
        guard ok != 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
