# VM suite job: the full migration loop-lvm -> overlay2 with the real binary, then its rollback.
#   e. plan --to overlay2 + run --plan --yes (exit 2); afterwards docker info says overlay2; every image ID and
#      tag as before; docker save gives the same layer digests as before; the volume's tree and bytes are equal;
#      the containers are there by name and the dirty one's change shows; report.json says verified; verify
#      passes on the export store.
#   f. rollback --plan --yes (exit 2): the loop-lvm daemon is back with its pool, images, tags and containers.
# dockerd runs under `--daemon-control command` (the guest has no systemd), configured only by daemon.json.
# Run by scripts/vm-suite.sh (bash, in the guest, cwd /host, with lib.sh and the drivershift binary beside it).
. /host/lib.sh
plan guest-binary dockerd-ready \
    e-plan e-run e-report-verified e-verify-export e-driver \
    e-image-ids e-tags e-diffids e-volume e-containers e-dirty-change \
    f-rollback f-driver f-images f-containers f-dirty-change

step check-binary
check_binary || exit 1

loop_lvm_estate
pool_before=$(jq -r '.DriverStatus[] | select(.[0] == "Pool Name") | .[1]' "$OUT/before/docker-info.json")
log "$(wc -l <"$OUT/before/images.txt") image references, pool $pool_before"

# ---- e: the migration --------------------------------------------------------------------------------------
step e-plan
if ! migrate e --to overlay2; then
    # The host state after a failed run shows what the rollback kept, but none of the after-checks can pass.
    for c in e-driver e-image-ids e-tags e-diffids e-volume e-containers e-dirty-change; do fail "$c" "not checked: the migration did not finish (see e-plan, e-run and out/ds/)"; done
    "$DS_STOP"
    exit 1
fi

step e-after
driver=$(docker info --format '{{.Driver}}' 2>&1)
if [ "$driver" = overlay2 ]; then
    pass e-driver "docker info: overlay2; daemon.json: $(tr '\n' ' ' </etc/docker/daemon.json)"
else
    fail e-driver "docker info: $driver; daemon.json: $(tr '\n' ' ' </etc/docker/daemon.json)"
fi
capture_state "$OUT/after"
compare_states e "$OUT/before" "$OUT/after"

# ---- f: rollback -------------------------------------------------------------------------------------------
step f-rollback
ds f-rollback rollback --plan /host/out/e-plan.yaml --yes
rc=$?
if [ "$rc" = 2 ]; then
    pass f-rollback "exit 2: $(tail -n 4 "$OUT/ds/f-rollback.err" | tr '\n' ' ' | cut -c1-400)"
else
    fail f-rollback "exit $rc: $(tail -c 600 "$OUT/ds/f-rollback.err")"
fi
docker info --format '{{json .}}' >"$OUT/rolled-back-info.json" 2>&1
driver=$(jq -r .Driver "$OUT/rolled-back-info.json")
pool=$(jq -r '.DriverStatus[]? | select(.[0] == "Pool Name") | .[1]' "$OUT/rolled-back-info.json")
loopfile=$(jq -r '.DriverStatus[]? | select(.[0] == "Data loop file") | .[1]' "$OUT/rolled-back-info.json")
if [ "$driver" = devicemapper ] && [ "$pool" = "$pool_before" ] && [ -n "$loopfile" ]; then
    pass f-driver "devicemapper, pool $pool (as before), data loop file $loopfile; daemon.json: $(tr '\n' ' ' </etc/docker/daemon.json)"
else
    fail f-driver "driver $driver, pool '$pool' (before: $pool_before), loop file '$loopfile'"
fi
docker images -a --no-trunc --format '{{.ID}} {{.Repository}}:{{.Tag}}' | LC_ALL=C sort -u >"$OUT/rolled-back-images.txt"
if cmp -s "$OUT/before/images.txt" "$OUT/rolled-back-images.txt"; then
    pass f-images "docker images -a: the same $(wc -l <"$OUT/before/images.txt") ID reference lines as before the migration"
else
    fail f-images "$(diff "$OUT/before/images.txt" "$OUT/rolled-back-images.txt" | tr '\n' ' ' | cut -c1-500)"
fi
docker ps -a --format '{{.Names}} {{.Image}}' | LC_ALL=C sort >"$OUT/rolled-back-containers.txt"
if cmp -s "$OUT/before/containers.txt" "$OUT/rolled-back-containers.txt"; then
    pass f-containers "$(tr '\n' ';' <"$OUT/rolled-back-containers.txt")"
else
    fail f-containers "before [$(tr '\n' ';' <"$OUT/before/containers.txt")] now [$(tr '\n' ';' <"$OUT/rolled-back-containers.txt")]"
fi
w=$(docker cp dirty:/data/written.txt - 2>/dev/null | tar -xO)
if [ "$w" = written ] && ! docker cp dirty:/data/keep.txt - >/dev/null 2>&1; then
    pass f-dirty-change "the old dirty container's writable layer: written.txt there, keep.txt deleted"
else
    fail f-dirty-change "dirty:/data/written.txt [$w]"
fi

step dockerd-stop
"$DS_STOP" || log "dockerd did not stop"
step ""
