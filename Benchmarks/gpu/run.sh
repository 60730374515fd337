#!/usr/bin/env bash
# The GPU target's one device run (issue 15): made and checked here, run on a lent NVIDIA machine
# in one call of at most 8 minutes.
#
#   bash Benchmarks/gpu/run.sh pack      # here: a guidance binary with the Swift runtime linked
#                                        # in (compressed), GSL's two shared libraries and the
#                                        # peer scripts, in .build-gpu/pack (git-ignored, ≤ 64 MiB)
#   bash Benchmarks/gpu/run.sh device    # there (device tool: carry [".build-gpu/pack"]), from
#                                        # the repository root; results under $OUT (default
#                                        # .build-gpu/out): one .txt per step and summary.txt
#   bash Benchmarks/gpu/run.sh check     # here: the packed binary runs, and the device steps
#                                        # that need no GPU give their clear errors
#
# Device steps, each with its own time limit (about 6 minutes together): nvidia-smi; gpu info;
# gpu kernels for the card's compute capability at d = 2 and 16 (registers, spills, the model);
# gpu selftest (every kernel on the card against the CPU sampler on the same seeds); gpu bench
# --peers (the workload of issue 15: d = 2 and 16, 10^7 particles, float32 Heun, against
# PyTorch eager, torch.compile and JAX on the same card). (The gpu profile's claims on the CUDA
# backend are not wired yet: they would run on the CPU, so they are not a step here.) A step that
# fails or times out is recorded and the next one runs.
set -uo pipefail
cd "$(dirname "$0")/../.."

pack=.build-gpu/pack
case "${1:-}" in
pack)
    set -e
    swift build -c release --static-swift-stdlib --scratch-path .build-gpu/build --product guidance
    binary=.build-gpu/build/release/guidance
    # The device has no Swift and no GSL: the Swift runtime is linked in; GSL's two shared
    # libraries travel beside the binary (CGSL's module map autolinks -lgsl -lgslcblas, which
    # the linker resolves to the shared ones) and `device` puts them on LD_LIBRARY_PATH. Only
    # the system's C and C++ runtimes may stay dynamic besides them.
    unexpected=$(ldd "$binary" | awk '{print $1}' \
        | grep -vE '^(linux-vdso\.|/lib64/ld-linux|libc\.|libm\.|libstdc\+\+\.|libgcc_s\.|libdl\.|libpthread\.|librt\.|libgsl\.|libgslcblas\.)' || true)
    if [ -n "$unexpected" ]; then
        echo "pack: the binary still needs: $unexpected" >&2
        exit 1
    fi
    rm -rf "$pack"
    mkdir -p "$pack/peers" "$pack/lib"
    for library in libgsl.so libgslcblas.so; do
        cp -L "$(ldd "$binary" | awk -v l="$library" 'index($1, l) == 1 { print $3 }')" "$pack/lib/"
    done
    strip -o "$pack/guidance" "$binary"
    xz -T0 -6 -f "$pack/guidance"
    cp Benchmarks/peers/*.py "$pack/peers/"
    cp Benchmarks/gpu/run.sh "$pack/"
    size=$(du -sm "$pack" | cut -f1)
    echo "pack: $pack holds $size MiB ($(ls "$pack" | tr '\n' ' '))"
    [ "$size" -le 64 ] || { echo "pack: over the 64 MiB the device call carries" >&2; exit 1; }
    ;;
device | check)
    out=${OUT:-.build-gpu/out}
    mkdir -p "$out"
    bin=$(mktemp -d /tmp/guidance-gpu.XXXXXX)/guidance
    xz -dc "$pack/guidance.xz" > "$bin" && chmod +x "$bin" || { echo "no packed binary: run 'bash Benchmarks/gpu/run.sh pack' here first" >&2; exit 1; }
    export LD_LIBRARY_PATH=$PWD/$pack/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    # ptxas (for gpu kernels and the model) from the CUDA toolkit where it is not on PATH.
    command -v ptxas > /dev/null || { [ -x /usr/local/cuda/bin/ptxas ] && export PATH=$PATH:/usr/local/cuda/bin; }
    summary=$out/summary.txt
    : > "$summary"
    # step NAME SECONDS COMMAND...: runs it with a time limit, output to $out/NAME.txt.
    step() {
        local name=$1 limit=$2
        shift 2
        local start=$SECONDS
        timeout --signal=INT --kill-after=10 "$limit" "$@" > "$out/$name.txt" 2>&1
        local status=$?
        echo "$name: exit $status after $((SECONDS - start)) s (limit $limit s): $*" | tee -a "$summary"
        tail -n 40 "$out/$name.txt"
    }
    step version 10 "$bin" --version
    if [ "$1" = check ]; then
        step info 20 "$bin" gpu info
        step selftest-without-gpu 20 "$bin" gpu selftest --particles 16 --steps 2
        step bench-without-gpu 20 "$bin" gpu bench --particles 1024 --steps 2
        echo "check: see $out (the GPU steps must fail with one clear line each, nothing crashes)"
        exit 0
    fi
    step nvidia-smi 10 nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total,clocks.max.sm --format=csv
    step info 30 "$bin" gpu info
    arch=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -1 | tr -d '.')
    step kernels-d2 45 "$bin" gpu kernels --arch "${arch:-90}" --dimension 2
    step kernels-d16 45 "$bin" gpu kernels --arch "${arch:-90}" --dimension 16
    step selftest 60 "$bin" gpu selftest
    step bench 200 "$bin" gpu bench --peers --python python3 --peer-scripts "$pack/peers"
    cat "$summary"
    ;;
*)
    echo "usage: bash Benchmarks/gpu/run.sh pack|device|check (see the header)" >&2
    exit 64
    ;;
esac
