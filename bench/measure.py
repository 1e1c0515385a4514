#!/usr/bin/env python3
"""Run a command; print its wall time and the child's peak resident memory.

    python3 bench/measure.py [--json FILE] [--stdout FILE] -- CMD ARGS...

Prints one line on stdout after the command ends, e.g.

    wall_s=3.21 peak_rss_mb=45.3 user_s=5.90 sys_s=0.41 rc=0

peak_rss_mb is the child's ru_maxrss (from os.wait4, so it covers that process
only) in MiB. Linux counts the forking Python's own resident size (about 14 MiB)
into the child's maximum, so figures near that are an upper bound, not a measure.
--json FILE also writes the figures as a JSON object; --stdout FILE sends the
command's stdout there (e.g. /dev/null). Exits with the command's exit status
(128+N when it died of signal N).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    opts = {"--json": None, "--stdout": None}
    while argv and argv[0] in opts and len(argv) >= 2:
        opts[argv[0]], argv = argv[1], argv[2:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv or argv[0].startswith("--"):
        print(__doc__, file=sys.stderr)
        return 2
    json_path = opts["--json"]
    child_stdout = open(opts["--stdout"], "wb") if opts["--stdout"] else None

    start = time.perf_counter()
    try:
        proc = subprocess.Popen(argv, stdout=child_stdout)
    except OSError as e:
        print(f"measure: cannot run {argv[0]}: {e}", file=sys.stderr)
        return 127
    finally:
        if child_stdout:
            child_stdout.close()
    # Let Ctrl-C reach the child (same process group) and wait for it rather than die first.
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _, status, ru = os.wait4(proc.pid, 0)
    finally:
        signal.signal(signal.SIGINT, old)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    rc = proc.returncode if proc.returncode >= 0 else 128 - proc.returncode

    # ru_maxrss is KiB on Linux, bytes on macOS.
    rss_kib = ru.ru_maxrss / 1024 if sys.platform == "darwin" else ru.ru_maxrss
    figures = {
        "wall_s": round(wall, 3),
        "peak_rss_mb": round(rss_kib / 1024, 1),
        "user_s": round(ru.ru_utime, 2),
        "sys_s": round(ru.ru_stime, 2),
        "rc": rc,
    }
    print(
        f"wall_s={wall:.2f} peak_rss_mb={figures['peak_rss_mb']:.1f} "
        f"user_s={ru.ru_utime:.2f} sys_s={ru.ru_stime:.2f} rc={rc}",
        flush=True,
    )
    if json_path:
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump({"argv": argv, **figures}, f)
            f.write("\n")
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
