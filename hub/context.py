"""What a command needs, built once from settings: the composition root's toolbox.

Nothing here connects at import; ``Context.open()`` reads the settings, loads the
partner profiles and opens (and migrates) the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from hub.netconfig import load_network, load_rules
from hub.partners import PartnerDirectory, load_partners
from hub.settings import Settings, load_settings
from hub.store import Store
from routing.network import Network
from routing.rules import Rules


@dataclass
class Context:
    settings: Settings

    @classmethod
    def open(cls, config: Path | None = None) -> Context:
        return cls(load_settings(config))

    @property
    def database_url(self) -> str:
        if self.settings.database_url:
            return self.settings.database_url
        self.settings.var_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.settings.var_dir / 'orderhub.db'}"

    @cached_property
    def store(self) -> Store:
        store = Store(self.database_url)
        store.migrate()
        return store

    @cached_property
    def partners(self) -> PartnerDirectory:
        return load_partners(self.settings.config_dir / "partners")

    @cached_property
    def network(self) -> Network:
        return load_network(self.settings.config_dir)

    @cached_property
    def rules(self) -> Rules:
        return load_rules(self.settings.config_dir, self.network)

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.dispose()
