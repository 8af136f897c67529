"""How fast the limits refuse what the issue "Trust" found, and how long the largest allowed table
takes to build: each case is run as the editors' check command (a real process, its own memory),
and timed with its peak memory.

    python bench/trust.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import ALLOCATION, DISCLOSURE, EPOCH, copy_project, write_data  # noqa: E402

GONGKAI = str(Path(sys.executable).with_name("gongkai"))
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
    for i in range(8)
)


def cases() -> dict[str, dict[str, str | bytes]]:
    """The hostile inputs of the issue, each as the files of a data folder."""
    record = ALLOCATION.split("rows:")[0]
    return {
        "527 字节的 YAML 别名炸弹": {"disclosures/x.yml": DISCLOSURE + BOMB},
        "10,000 层嵌套": {
            "disclosures/x.yml": DISCLOSURE + "tags: " + "[" * 10_000 + "]" * 10_000 + "\n"
        },
        "100,000 层嵌套": {
            "disclosures/x.yml": DISCLOSURE + "tags: " + "[" * 100_000 + "]" * 100_000 + "\n"
        },
        "50 MB 的记录": {
            "disclosures/x.yml": DISCLOSURE
            + "body: |\n"
            + "  正文正文正文正文正文正文正文正文\n" * 1_100_000
        },
        "100,000 行的明细表": {
            "allocations/a.yml": record,
            "allocations/a.csv": "姓名,金额\n" + "".join(f"职工{n},1\n" for n in range(100_000)),
        },
        "30,000 个未闭合的“[”": {
            "disclosures/x.yml": DISCLOSURE.replace(
                "  正文第一段。\n", "  " + "[a " * 30_000 + "\n"
            )
        },
    }


def run(command: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """Seconds, peak memory of the child in MiB, exit status and the first line of its output."""
    env = {"SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], cwd=cwd, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    output, _, peak = result.stderr.rstrip("\n").rpartition("\n")
    first = (result.stdout + output).strip().splitlines()
    return seconds, int(peak) / 1024, result.returncode, (first[0] if first else "")[:110]


# the command run from a fresh process that reports its child's peak memory (KiB) last on stderr
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)"
)


def main() -> None:
    print("每种恶意输入都由 gongkai check 拒绝（真实进程）；最后一项是上限内最大的明细表的完整构建")
    print(f"{'输入':<24}{'耗时':>10}{'峰值内存':>12}  退出码  第一行输出")
    with tempfile.TemporaryDirectory() as tmp:
        for name, files in cases().items():
            project = copy_project(Path(tmp) / "p", write_data(Path(tmp) / "d", files))
            seconds, peak, code, first = run([GONGKAI, "check"], project)
            print(f"{name:<24}{seconds:>9.2f}s{peak:>10.0f} MiB  {code:>4}  {first}")
            shutil.rmtree(Path(tmp) / "p")
            shutil.rmtree(Path(tmp) / "d")
        rows = "".join(f"职工{n:05d}号,采煤机司机,26,1.5,100.00,\n" for n in range(20_000))
        record = ALLOCATION.split("rows:")[0].replace('total: "3,500.50"', "total: 2000000")
        files = {
            "allocations/a.yml": record,
            "allocations/a.csv": "姓名,岗位,出勤,工分,金额,备注\n" + rows,
        }
        project = copy_project(Path(tmp) / "p", write_data(Path(tmp) / "d", files))
        seconds, peak, code, _ = run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(Path(tmp) / "site")], project
        )
        size = (
            (Path(tmp) / "site" / "allocations" / "a" / "index.html").stat().st_size / 1024 / 1024
        )
        print(
            f"{'20,000 行明细的构建':<22}{seconds:>9.2f}s{peak:>10.0f} MiB  {code:>4}  页面 {size:.1f} MB"
        )


if __name__ == "__main__":
    main()
