"""Settings: the shipped hub.yaml, env overrides, and refusals that name file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from canonical.errors import ConfigError
from hub.settings import Settings, load_settings, parse_duration, parse_size

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "config" / "hub.yaml"


def test_the_shipped_file_loads() -> None:
    settings = load_settings(SHIPPED, env={})
    assert settings.amqp_url == "amqp://guest:guest@127.0.0.1:5672/"
    assert settings.bus.retry_tiers == (1.0, 5.0, 30.0, 120.0, 600.0)
    assert settings.limits.max_document_bytes == 10 * 1024 * 1024
    assert settings.duplicates.window == 30 * 86400
    assert (settings.planning.together, settings.planning.gather) == (10, 0.5)
    assert settings.store_url.startswith("sqlite:///") and settings.store_url.endswith(
        "var/orderhub.db"
    )


def test_environment_overrides_the_file() -> None:
    env = {
        "ORDERHUB_AMQP_URL": "amqp://u:p@broker:5672/prod",
        "ORDERHUB_DATABASE_URL": "postgresql+psycopg://postgres@db/orderhub",
        "ORDERHUB_PREFETCH": "5",
        "ORDERHUB_RETRY_TIERS": "200ms, 1s",
        "ORDERHUB_METRICS_PORT": "0",
        "ORDERHUB_PLAN_GATHER": "0",
    }
    settings = load_settings(SHIPPED, env=env)
    assert settings.planning.gather == 0.0
    assert settings.amqp_url == "amqp://u:p@broker:5672/prod"
    assert settings.store_url == "postgresql+psycopg://postgres@db/orderhub"
    assert settings.bus.prefetch == 5
    assert settings.bus.retry_tiers == (0.2, 1.0)
    assert settings.metrics.port == 0


def test_no_file_means_defaults(tmp_path: Path) -> None:
    settings = load_settings(env={"ORDERHUB_CONFIG_DIR": str(tmp_path)})
    assert settings.config_dir == tmp_path
    assert settings.model_copy(update={"config_dir": Path("config")}) == Settings()


@pytest.mark.parametrize(
    ("text", "key", "why"),
    [
        ("bus:\n  retry_tiers: [5s, 1s]\n", "bus.retry_tiers", "grow"),
        ("bus:\n  retry_tiers: [5 minutes]\n", "bus.retry_tiers", "not a duration"),
        ("bus:\n  prefetch: 0\n", "bus.prefetch", "greater than or equal to 1"),
        ("bus:\n  prefech: 10\n", "bus.prefech", "Extra inputs"),
        ("limits:\n  max_document_bytes: lots\n", "limits.max_document_bytes", "not a size"),
        ("amqp_url: http://broker/\n", "amqp_url", "amqp://"),
        ("- a\n- b\n", "(document)", "mapping"),
        ("bus: [\n", "line", "not valid YAML"),
    ],
)
def test_bad_configuration_names_file_key_and_why(
    tmp_path: Path, text: str, key: str, why: str
) -> None:
    path = tmp_path / "hub.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    assert caught.value.file == str(path)
    assert caught.value.key.startswith(key)
    assert why in caught.value.reason


def test_a_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"ORDERHUB_PREFETCH.*bus\.prefetch"):
        load_settings(SHIPPED, env={"ORDERHUB_PREFETCH": "many"})


def test_an_explicit_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.yaml", env={})


def test_durations_and_sizes() -> None:
    assert [parse_duration(v) for v in ("200ms", "5s", "2m", "1h", "1d", 3)] == [
        0.2,
        5,
        120,
        3600,
        86400,
        3,
    ]
    assert [parse_size(v) for v in ("512KB", "10MB", 100)] == [524288, 10485760, 100]
    with pytest.raises(ValueError):
        parse_duration("0s")


def test_workers_auto_is_one_on_sqlite_and_four_on_postgres() -> None:
    from hub.settings import BusSettings

    assert BusSettings().workers == "auto"
    assert BusSettings().workers_for("sqlite") == 1
    assert BusSettings().workers_for("postgresql") == 4
    assert BusSettings(workers=3).workers_for("sqlite") == 3
    with pytest.raises(ValueError, match="1..64"):
        BusSettings(workers=0)
