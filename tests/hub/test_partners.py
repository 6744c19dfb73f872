from pathlib import Path

import pytest

from canonical.errors import ConfigError
from hub.partners import load_partners

CONFIG = Path(__file__).parents[2] / "config" / "partners"
BAD = Path(__file__).parent / "data" / "partners_bad"


def test_bundled_profiles_load_and_resolve_senders() -> None:
    directory = load_partners(CONFIG)
    assert directory.self_partner.id == "northwind"
    assert directory.find("x12", "GLOBEX").id == "globex"
    assert directory.find("edifact", "5412345000013").id == "acme"
    assert directory.find("email", "Purchasing@WayneHardware.example").id == "wayne"
    assert directory.find("cxml", "AN02000000123").id == "umbrella"
    assert directory.find("x12", "NOBODY") is None
    assert directory.get("initech").ack.type == "999"


@pytest.mark.parametrize(
    ("file", "key", "why"),
    [
        ("unknown_key.yaml", "outbound.adress", "Extra inputs"),
        ("bad_standard.yaml", "outbound.standard", "Input should be"),
        ("wrong_id.yaml", "id", "named"),
    ],
)
def test_bad_profile_is_refused_with_file_key_and_why(
    tmp_path: Path, file: str, key: str, why: str
) -> None:
    (tmp_path / file).write_bytes((BAD / file).read_bytes())
    (tmp_path / "northwind.yaml").write_bytes((CONFIG / "northwind.yaml").read_bytes())
    with pytest.raises(ConfigError) as caught:
        load_partners(tmp_path)
    assert caught.value.file.endswith(file)
    assert caught.value.key == key
    assert why in caught.value.reason
