/// A request body produced on demand, one chunk at a time, so an upload of many gigabytes never sits in memory
/// or on disk: `loadImages` asks for the next bytes only when the socket can take them.
public protocol EngineUploadBody: Sendable {
    /// The exact number of bytes the body produces; sent as Content-Length.
    var length: UInt64 { get }

    /// Fills the start of `buffer` with the next bytes and returns how many; 0 once all `length` bytes were given.
    /// Called one call at a time. A thrown error aborts the request: the daemon sees a truncated upload.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
