/// Where the bytes of a rebuilt layer tar go, in order: a digesting blob writer, a pipe, a test buffer.
///
/// `write` receives views into a buffer the caller reuses: copy what you keep, do not hold the pointer.
/// A throw stops the replay and is passed through unchanged.
public protocol LayerByteSink {
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}
