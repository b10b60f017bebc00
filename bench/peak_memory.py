"""Run ``mimagery ARGS…`` and write its peak resident memory, in kB, to a file.

``python bench/peak_memory.py OUT_FILE ARGS…``: at exit (also after an error), the
``VmHWM`` line of ``/proc/self/status`` is read: the high-water mark of this program's
own memory since it started. ``ru_maxrss`` would not do: Linux carries it over from the
process that forked the child, so a child of a large test runner would report the
runner's size. Used by ``bench/hostile_apkg.py`` and the Anki import tests. Linux only.
"""

from __future__ import annotations

import atexit
import runpy
import sys
from pathlib import Path


def _write_peak(path: Path) -> None:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            path.write_text(line.split()[1])


if __name__ == "__main__":
    atexit.register(_write_peak, Path(sys.argv[1]))
    sys.argv = ["mimagery", *sys.argv[2:]]
    runpy.run_module("mimagery", run_name="__main__")
