from pathlib import Path

from benchmarks.memory import child_peak_mb
from benchmarks.result import BenchResult


def test_the_child_reports_its_own_peak_not_ours(tmp_path: Path) -> None:
    ballast = bytearray(200 * 1024 * 1024)  # our own resident set, which the child must not inherit
    ballast[::4096] = b"x" * len(ballast[::4096])
    path = tmp_path / "doc.txt"
    path.write_text("a\nb\nc\n")
    peak, n = child_peak_mb("import sys\nn = len(open(sys.argv[1]).read().split())\n", path)
    assert n == 3
    assert 5 < peak < 150
    del ballast


def test_a_result_is_a_ratio_against_its_baseline() -> None:
    result = BenchResult("x.rate", 50.0, "msg/s", 200.0, "higher", "bare pika")
    assert result.ratio == 0.25
    assert result.to_dict()["ratio"] == 0.25 and "bare pika" in result.line()
