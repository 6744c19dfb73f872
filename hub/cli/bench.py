"""`orderhub bench`: every figure beside a baseline measured in the same run, as a ratio."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import click

from benchmarks.result import BenchResult

# name -> (module, what it measures)
SUITES: dict[str, tuple[str, str]] = {
    "parse": (
        "benchmarks.edifact_codec,benchmarks.x12_codec",
        "EDIFACT and X12 read and render rates, streaming memory",
    ),
    "xml": ("benchmarks.xml_codec", "cXML and UBL read and render rates"),
    "routing": (
        "benchmarks.routing",
        "plan latency, cost, shipments and on-time rate against greedy",
    ),
    "bus": ("benchmarks.bus", "consumer base (inbox + outbox) against bare pika"),
    "e2e": ("benchmarks.e2e", "orders from submit to dispatched against bare pika hops"),
}
ALIASES = {"render": "parse"}


@click.command()
@click.argument("names", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the results as a JSON list.")
@click.option("--quick", is_flag=True, help="Smaller corpora: a smoke run, not figures to quote.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("var/bench/results.json"),
    show_default=True,
)
def bench(names: tuple[str, ...], as_json: bool, quick: bool, out: Path) -> None:
    """Run the benchmarks NAMES (all by default): parse (render), xml, routing, bus, e2e."""
    chosen = [ALIASES.get(n, n) for n in names] or list(SUITES)
    unknown = [n for n in chosen if n not in SUITES]
    if unknown:
        raise click.ClickException(
            f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(SUITES)}"
        )
    results: list[BenchResult] = []
    for name in dict.fromkeys(chosen):
        modules, what = SUITES[name]
        if not as_json:
            click.echo(f"== {name}: {what}", err=True)
        for module in modules.split(","):
            found = importlib.import_module(module).run(quick=quick)
            results += found
            if not as_json:
                for result in found:
                    click.echo(result.line())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps([r.to_dict() for r in results], indent=2) + "\n", encoding="utf-8")
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in results], indent=2))
