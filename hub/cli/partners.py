"""`orderhub partners`: look at and check the partner profiles."""

from __future__ import annotations

from pathlib import Path

import click

from hub.partners import load_partners


@click.group()
def partners() -> None:
    """Partner profiles in config/partners/."""


@partners.command("check")
@click.option(
    "--config",
    "config_dir",
    type=click.Path(path_type=Path),
    default=Path("config"),
    show_default=True,
)
def check(config_dir: Path) -> None:
    """Load every profile and say what is wrong with the first bad one."""
    directory = load_partners(config_dir / "partners")
    for partner in directory.partners.values():
        out = partner.outbound
        how = (
            f"{out.standard} {out.version or ''} via {out.channel} -> {out.address}" if out else "-"
        )
        click.echo(f"{partner.id:<20} {','.join(partner.roles):<12} {how}")
    click.echo(f"{len(directory.partners)} partner profiles OK")
