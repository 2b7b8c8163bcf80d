import Testing

/// Every ThinPool suite is nested here and runs one test at a time: the live tests capture file
/// descriptor 2 to prove libdevmapper prints nothing, and Swift Testing writes its own progress to
/// stderr, so no other test of this target may start or finish while a capture is open. All of them
/// together take a few milliseconds.
@Suite("ThinPool", .serialized)
struct ThinPoolTests {}
