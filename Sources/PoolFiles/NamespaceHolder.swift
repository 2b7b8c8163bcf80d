import CFileIO
import Foundation
import HostSystem
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A process of ours that holds a private mount namespace with one read-only mount in it, for as long as its
/// standard input stays open: `unshare --mount`, then a fixed script that mounts, says `mounted`, and waits in
/// `cat`. Closing the input (or this process dying) ends it, and with it the namespace and the mount.
final class NamespaceHolder: Sendable {
    /// The holder mounts `$3` (a loop device) on `$4` as type `$1` with options `$2`: arguments, never
    /// interpolated into the script.
    static let script = #"mount -t "$1" -o "$2" "$3" "$4" 2>&1 || exit 1; echo mounted; exec cat >/dev/null"#

    let pid: Int32
    private let process: Process
    /// Our end of the holder's standard input; -1 once closed.
    private let input: Mutex<Int32>

    private init(process: Process, input: Int32) {
        self.process = process
        self.pid = process.processIdentifier
        self.input = Mutex(input)
    }

    /// Starts a holder that mounts `device` on `mountPoint`; returns once it is mounted, or throws `mountFailed`
    /// with mount's own message (the holder has exited then).
    static func mount(
        device: String, image: String, filesystem: String, options: [String], on mountPoint: String
    ) async throws -> NamespaceHolder {
        let unshare = try ThinTool.path("unshare")
        let stdin = try Self.pipe()
        let stdout = try Self.pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: unshare)
        process.arguments = [
            "--mount", "--propagation", "private", "--", "/bin/sh", "-c", script, "sh", filesystem,
            options.joined(separator: ","), device, mountPoint,
        ]
        process.standardInput = FileHandle(fileDescriptor: stdin.read, closeOnDealloc: false)
        process.standardOutput = FileHandle(fileDescriptor: stdout.write, closeOnDealloc: false)
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            for descriptor in [stdin.read, stdin.write, stdout.read, stdout.write] { close(descriptor) }
            throw PoolFilesError.mountFailed(
                image: image, loopDevice: device, filesystem: filesystem, message: "could not start unshare: \(error)")
        }
        close(stdin.read)
        close(stdout.write)
        let holder = NamespaceHolder(process: process, input: stdin.write)
        let output = await holder.readUntilMounted(stdout.read)
        close(stdout.read)
        guard output.hasSuffix("mounted\n"), process.isRunning else {
            _ = await holder.end()
            throw PoolFilesError.mountFailed(
                image: image, loopDevice: device, filesystem: filesystem,
                message: output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                    ? "the mount helper exited with status \(process.terminationStatus)"
                    : output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return holder
    }

    /// Closes the holder's input and waits (at most `seconds`) for it to exit, killing it if it does not.
    func end(seconds: Double = 10) async -> Bool {
        input.withLock { descriptor in
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
        }
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning {
            kill(pid, SIGKILL)
            try? await Task.sleep(for: .milliseconds(200))
        }
        return !process.isRunning
    }

    /// The holder's output until it says `mounted` or exits. Non-blocking reads: a failing mount prints and
    /// exits, a working one prints and waits, so neither end of file nor a full line alone says which.
    private func readUntilMounted(_ descriptor: Int32) async -> String {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes += buffer[0..<count]
                if bytes.count > 65536 { break }
                if String(decoding: bytes, as: UTF8.self).hasSuffix("mounted\n") { break }
                continue
            }
            // End of file: the holder exited (mount failed) or its output went to /dev/null after `mounted`.
            if count == 0 { break }
            // Nothing yet: still mounting, unless the holder has exited (then the next read drains or ends).
            if !process.isRunning {
                try? await Task.sleep(for: .milliseconds(5))
                let last = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if last > 0 { bytes += buffer[0..<last] }
                break
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A pipe whose ends no other child inherits (only the holder gets one end, as its stdin or stdout).
    private static func pipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard drivershift_pipe_cloexec(&ends) == 0 else {
            throw PoolFilesError.fileOperationFailed(
                path: "a pipe", operation: "create", reason: String(cString: strerror(errno)))
        }
        return (ends[0], ends[1])
    }
}
