# Shared by scripts/benchmark-*.sh, sourced after they set `docker` (the sandbox's client argv), `work` (a scratch
# directory), `scale` and `runs`.

build_bench_images() { # bench/{common,a,b,c}:1 on bench/base:1; sets `images`
  export DOCKER_BUILDKIT=0 DOCKER_CONFIG=$work/docker-cli
  echo "== building the image set (scale $scale)" >&2
  ctx=$work/ctx
  mkdir -p "$ctx/rootfs/bin"
  cp /bin/busybox "$ctx/rootfs/bin/"
  for applet in sh head mkdir cat echo seq; do ln -sf busybox "$ctx/rootfs/bin/$applet"; done
  tar -C "$ctx/rootfs" -c . | "${docker[@]}" import - bench/base:1 >/dev/null
  python3 - "$ctx" "$scale" <<'PY'
import os, random, sys
ctx, scale = sys.argv[1], float(sys.argv[2])
rng = random.Random(42)
def blob(path, size):
    with open(path, "wb") as f:
        left = size
        while left:
            n = min(left, 1 << 20); f.write(rng.randbytes(n)); left -= n
os.makedirs(f"{ctx}/shared", exist_ok=True)
blob(f"{ctx}/shared/big.bin", int(250e6 * scale))                      # one big file, shared by every image
os.makedirs(f"{ctx}/small", exist_ok=True)
for i in range(int(20000 * scale)):                                     # many small files, shared
    d = f"{ctx}/small/{i // 500}"; os.makedirs(d, exist_ok=True)
    blob(f"{d}/f{i}", rng.randint(100, 8000))
for name in ("a", "b", "c"):
    os.makedirs(f"{ctx}/{name}", exist_ok=True)
    blob(f"{ctx}/{name}/own.bin", int(200e6 * scale))                 # each image's own data
    for i in range(int(3000 * scale)):
        blob(f"{ctx}/{name}/s{i}", rng.randint(100, 4000))
PY
  printf 'FROM bench/base:1\nCOPY shared /shared\nCOPY small /small\n' > "$ctx/Dockerfile"
  "${docker[@]}" build -q -t bench/common:1 "$ctx" >/dev/null
  for name in a b c; do
    printf 'FROM bench/common:1\nCOPY %s /%s\nRUN echo %s > /name\n' "$name" "$name" "$name" > "$ctx/Dockerfile.$name"
    "${docker[@]}" build -q -f "$ctx/Dockerfile.$name" -t "bench/$name:1" "$ctx" >/dev/null
  done
  rm -rf "$ctx"
  images=(bench/a:1 bench/b:1 bench/c:1)
}

drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }
measure() { # label, then the command; runs it $runs times from a cold page cache; prints "label|median s|max RSS kB"
  local label=$1; shift
  local times=() rss=0
  for ((run = 0; run < runs; run++)); do
    rm -rf "$work"/store-* "$work/save.tar"
    drop_caches
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r seconds peak < "$work/time"
    times+=("$seconds"); ((peak > rss)) && rss=$peak
  done
  echo "$label|$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")|$rss|${times[*]}"
}
