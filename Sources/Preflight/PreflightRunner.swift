import HostConfig

/// Runs every check that applies to the target, in the order an operator reads them: where the host starts,
/// its configuration and Docker version, the target's own requirements, space, and what the switch does to
/// images and containers. Never throws: a probe that fails is a finding of its check.
public enum PreflightRunner {
    public static func run(_ context: PreflightContext) async -> [PreflightCheck] {
        let inventory = context.inventory
        var checks: [PreflightCheck] = [
            DriverTargetCheck.check(
                inventory: inventory, configuration: context.configuration, target: context.target),
            ConfigConflictCheck(configuration: context.configuration).check(),
        ]
        // Nothing will change: space, probes and workload findings would only be noise (a "blocker" for a
        // switch that does not happen). A conflict still matters: dockerd will not restart with one.
        if context.isAlreadyOnTarget { return checks }

        checks.append(
            await DockerVersionCheck().check(
                inventoryVersion: inventory.docker.version, versionSource: inventory.docker.versionSource,
                dockerdPath: context.dockerdPath, sourceDriver: inventory.docker.storageDriver,
                target: context.target))
        let requirement = context.spaceRequirement
        switch context.target {
        case .overlay2:
            checks.append(await OverlayMountProbe().check(directory: context.dataRootLocation))
            checks.append(await DTypeProbe().check(directory: context.dataRootLocation))
            checks.append(SELinuxCheck(hostRoot: context.hostRoot).check(configuration: context.configuration))
        case .directLVM:
            // direct-lvm device checks are added by DirectLVMChecks
            // (the integrator appends DirectLVMChecks.run(device: context.device,
            // requiredBytes: requirement.thinPoolBytes, forceDevice: context.forceDevice, settings: ...,
            // hostRoot: context.hostRoot) here).
            break
        }
        let space = SpaceChecks(requirement: requirement, imageCount: inventory.images.count)
        checks.append(space.exportCheck(exportDirectory: context.exportDirectory))
        checks.append(
            space.targetCheck(
                dataRoot: inventory.docker.dataRoot, hostRoot: context.hostRoot, target: context.target,
                exportDirectory: context.exportDirectory))
        checks.append(PoolStateCheck(pool: inventory.pool, storageDriver: inventory.docker.storageDriver).check())
        let workload = WorkloadChecks(inventory: inventory)
        checks.append(workload.unexportableCheck())
        checks.append(workload.runningCheck())
        checks.append(workload.writableDataCheck())
        return checks
    }
}
