/// The part of an image config the verifier needs: `rootfs.diff_ids`, the layer list the image ID covers.
struct ImageConfigRootFS: Decodable, Sendable {
    struct RootFS: Decodable, Sendable {
        let type: String?
        let diff_ids: [String]?
    }

    let rootfs: RootFS?
}
