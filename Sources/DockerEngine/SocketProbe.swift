import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Tells apart "no daemon" (no socket file, connection refused) from "a daemon that does not answer" before
/// any HTTP is spoken, so each gets its own clear message.
enum SocketProbe {
    static func check(_ socketPath: String) throws {
        var info = stat()
        if lstat(socketPath, &info) != 0 {
            if errno == EACCES { throw EngineError.permissionDenied(socket: socketPath) }
            throw EngineError.socketMissing(socket: socketPath)
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw EngineError.transport(socket: socketPath, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let pathBytes = Array(socketPath.utf8)
        guard pathBytes.count < capacity else {
            throw EngineError.transport(socket: socketPath, reason: "socket path longer than \(capacity - 1) bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: pathBytes)
            buffer[pathBytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            switch code {
            case EACCES, EPERM: throw EngineError.permissionDenied(socket: socketPath)
            default: throw EngineError.daemonNotListening(socket: socketPath, reason: String(cString: strerror(code)))
            }
        }
    }
}
