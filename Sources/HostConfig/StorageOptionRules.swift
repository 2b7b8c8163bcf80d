/// Which storage options survive a switch of the storage driver.
///
/// dockerd refuses to start with an option its driver does not know, so options of the old driver must go.
/// For direct-lvm the user's tuning of the thin devices still applies to a real pool and is kept; the options
/// that pick or build a loop-lvm pool, or name the old pool, are exactly what the switch replaces.
enum StorageOptionRules {
    /// devicemapper options that tune the thin devices, not the pool: kept for a direct-lvm target.
    static let directLVMTuning: Set<String> = [
        "dm.basesize", "dm.fs", "dm.mkfsarg", "dm.mountopt", "dm.blocksize", "dm.min_free_space",
        "dm.xfs_nospace_max_retries", "dm.libdm_log_level",
    ]

    /// The options dockerd gets for `target`: the target's own, then the user's options that still apply.
    static func options(for target: StorageTarget, keeping userOptions: [String]) -> [String] {
        var result = target.storageOptions
        for option in userOptions where keeps(option, for: target) && !result.contains(option) {
            result.append(option)
        }
        return result
    }

    /// dockerd's drivers compare option names case-insensitively (`strings.ToLower` on the key).
    static func name(of option: String) -> String {
        String(option.prefix(while: { $0 != "=" })).trimmingBlanks().lowercased()
    }

    private static func keeps(_ option: String, for target: StorageTarget) -> Bool {
        let name = name(of: option)
        switch target {
        case .overlay2:
            return name.hasPrefix("overlay2.")
        case .directLVM:
            // The pool and deferred-removal options come from the target; loop files, data/metadata devices,
            // dm.directlvm_* and dm.thinp_* built the old pool and must not build another.
            return directLVMTuning.contains(name)
        }
    }
}
