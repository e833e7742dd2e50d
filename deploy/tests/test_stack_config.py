"""The local stack's token secret: random, made once per installation, private to its owner."""
import stat

from classe12_devstack.processes import StackConfig, installation_secret
from classe12_gateway.secrets_policy import secret_problem


def test_each_installation_makes_its_own_secret_once(tmp_path):
    first = installation_secret(tmp_path / "a")
    assert secret_problem(first) is None
    assert installation_secret(tmp_path / "a") == first  # kept in var/: tokens survive a restart
    assert installation_secret(tmp_path / "b") != first
    assert stat.S_IMODE((tmp_path / "a" / "jwt_secret").stat().st_mode) == 0o600


def test_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("JWT_SECRET", "x" * 8)
    assert StackConfig(var_dir=tmp_path, amqp_uri="amqp://x/").env()["JWT_SECRET"] == "x" * 8
    monkeypatch.delenv("JWT_SECRET")
    assert StackConfig(var_dir=tmp_path, amqp_uri="amqp://x/").env()["JWT_SECRET"] == installation_secret(tmp_path)
