/// The OCI image-layout documents drivershift writes and reads (image-spec v1.0): the index, manifests and
/// descriptors, with only the fields it uses.
public enum OCIImageLayout {
    public static let layoutVersion = "1.0.0"
    public static let indexMediaType = "application/vnd.oci.image.index.v1+json"
    public static let manifestMediaType = "application/vnd.oci.image.manifest.v1+json"
    public static let configMediaType = "application/vnd.oci.image.config.v1+json"
    /// Uncompressed layer tars: the digest is the diffID, so a blob is Docker's exact layer.
    public static let layerMediaType = "application/vnd.oci.image.layer.v1.tar"
    /// containerd and `docker load` (25+) read the full reference from this annotation.
    public static let imageNameAnnotation = "io.containerd.image.name"
    /// The OCI name annotation skopeo and podman pick an image by; drivershift writes the full reference
    /// (`drivershift-test/app:1`), which the spec's grammar allows, so two repositories sharing a tag stay apart.
    public static let refNameAnnotation = "org.opencontainers.image.ref.name"

    public struct LayoutFile: Codable, Sendable, Equatable {
        public var imageLayoutVersion: String
        public init(imageLayoutVersion: String = OCIImageLayout.layoutVersion) {
            self.imageLayoutVersion = imageLayoutVersion
        }
    }

    public struct Descriptor: Codable, Sendable, Equatable {
        public var mediaType: String
        public var digest: String
        public var size: UInt64
        public var annotations: [String: String]?

        public init(mediaType: String, digest: String, size: UInt64, annotations: [String: String]? = nil) {
            self.mediaType = mediaType
            self.digest = digest
            self.size = size
            self.annotations = annotations
        }
    }

    public struct Index: Codable, Sendable, Equatable {
        public var schemaVersion: Int
        public var mediaType: String?
        public var manifests: [Descriptor]

        public init(manifests: [Descriptor]) {
            self.schemaVersion = 2
            self.mediaType = OCIImageLayout.indexMediaType
            self.manifests = manifests
        }
    }

    public struct Manifest: Codable, Sendable, Equatable {
        public var schemaVersion: Int
        public var mediaType: String?
        public var config: Descriptor
        public var layers: [Descriptor]

        public init(config: Descriptor, layers: [Descriptor]) {
            self.schemaVersion = 2
            self.mediaType = OCIImageLayout.manifestMediaType
            self.config = config
            self.layers = layers
        }
    }
}
