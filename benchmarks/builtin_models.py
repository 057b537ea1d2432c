"""Size of the built-in models in the wheel, and how long each takes to load.

    python benchmarks/builtin_models.py [--repeat 5]

Builds the wheel (``pip wheel . --no-deps``) into a temporary folder and reports its size and the
compressed size of each model folder inside it. Then loads each built-in model in a fresh Python
process ``--repeat`` times (after one warm-up run, so the files are in the page cache) and reports
the median wall-clock time of ``import arclassify`` and ``arclassify.load_model(name)`` in a fresh
process, and of the load alone (arclassify's modules and numba, checksum, arrays). A loaded model
needs no scikit-learn; the script checks that it was not imported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOAD = (
    "import sys, time; t = time.perf_counter(); import arclassify; u = time.perf_counter(); "
    "arclassify.load_model({name!r}); v = time.perf_counter(); assert 'sklearn' not in sys.modules; "
    "print(v - t, u - t, v - u)"
)


def wheel_sizes() -> None:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", folder], check=True)
        wheel = next(Path(folder).glob("arclassify-*.whl"))
        print(f"wheel {wheel.name}: {wheel.stat().st_size / 1e6:.2f} MB")
        with zipfile.ZipFile(wheel) as archive:
            sizes: dict[str, int] = {}
            for info in archive.infolist():
                parts = info.filename.split("/")
                if len(parts) > 4 and parts[:3] == ["arclassify", "models", "shipped"]:
                    sizes[parts[3]] = sizes.get(parts[3], 0) + info.compress_size
        for name, size in sorted(sizes.items()):
            print(f"  model {name}: {size / 1e6:.2f} MB in the wheel")
        print(f"  all models: {sum(sizes.values()) / 1e6:.2f} MB")


def load_times(repeat: int) -> None:
    import arclassify

    environment = {**os.environ, "OMP_NUM_THREADS": "1"}
    for name in arclassify.builtin_models():
        code = LOAD.format(name=name)
        runs = []
        for attempt in range(repeat + 1):
            output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment)
            if attempt:
                runs.append([float(x) for x in output.stdout.split()[-3:]])
        total, package, model = (statistics.median(r[i] for r in runs) for i in range(3))
        print(f"load {name}: median {total:.2f} s in a fresh process = {package:.2f} s importing arclassify "
              f"+ {model:.2f} s loading the model (runs of the load: {', '.join(f'{r[2]:.2f}' for r in runs)}); "
              "scikit-learn not imported")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    wheel_sizes()
    load_times(args.repeat)


if __name__ == "__main__":
    main()
