/// One line of the JSON message stream dockerd answers long operations with (`docker load`, `pull`, `build`):
/// `{"stream":"Loaded image: app:1\n"}`, `{"status":"Loading layer","progressDetail":{"current":1,"total":2},
/// "id":"8f3a…"}`, or `{"errorDetail":{"message":"…"},"error":"…"}`. Field names are the API's own.
public struct EngineStreamMessage: Decodable, Sendable, Equatable {
    public struct ProgressDetail: Decodable, Sendable, Equatable {
        public let current: Int64?
        public let total: Int64?
    }
    public struct ErrorDetail: Decodable, Sendable, Equatable {
        public let code: Int?
        public let message: String?
    }

    public let stream: String?
    public let status: String?
    public let id: String?
    public let progressDetail: ProgressDetail?
    public let error: String?
    public let errorDetail: ErrorDetail?

    public init(
        stream: String? = nil, status: String? = nil, id: String? = nil, progressDetail: ProgressDetail? = nil,
        error: String? = nil, errorDetail: ErrorDetail? = nil
    ) {
        self.stream = stream
        self.status = status
        self.id = id
        self.progressDetail = progressDetail
        self.error = error
        self.errorDetail = errorDetail
    }

    /// The daemon's error, when this message reports one: the operation failed even though the HTTP status was 200.
    public var errorMessage: String? {
        if let message = errorDetail?.message, !message.isEmpty { return message }
        if let error, !error.isEmpty { return error }
        return nil
    }
}
