import DockerEngine

extension DaemonController {
    /// Whether a daemon answers on the socket right now (a few seconds at most): a switch and a rollback start
    /// the daemon again afterwards only if it was running before.
    public func isAnswering(timeoutSeconds: Int = 3) async -> Bool {
        guard let client = try? await EngineClient.connect(to: endpoint, timeoutSeconds: timeoutSeconds) else {
            return false
        }
        return (try? await client.info()) != nil
    }
}
