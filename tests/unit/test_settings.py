"""Settings refuse configurations that would run insecurely or half-configured."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from adapters.settings import Settings


def make(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type, call-arg]


def test_production_requires_a_real_secret_key() -> None:
    with pytest.raises(ValidationError, match="EDU_SECRET_KEY"):
        make(env="production")
    with pytest.raises(ValidationError, match="EDU_SECRET_KEY"):
        make(env="production", secret_key="short")
    assert make(env="production", secret_key="k" * 32).signing_key() == b"k" * 32


def test_s3_needs_its_credentials() -> None:
    with pytest.raises(ValidationError, match="EDU_S3_ACCESS_KEY"):
        make(s3_endpoint="127.0.0.1:9000")
    assert make(s3_endpoint="127.0.0.1:9000", s3_access_key="a",
                s3_secret_key="b").storage_backend == "s3"
    assert make().storage_backend == "local"


def test_the_development_signing_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    first = make(var_dir=tmp_path).signing_key()
    assert len(first) >= 32
    assert make(var_dir=tmp_path).signing_key() == first
    assert (tmp_path / "secret.key").stat().st_mode & 0o077 == 0


def test_a_shifted_clock_is_only_accepted_in_the_test_environment(tmp_path: Path) -> None:
    clock_file = tmp_path / "clock"
    with pytest.raises(ValidationError, match="only accepted with EDU_ENV=test"):
        make(env="development", test_clock_file=clock_file)
    assert make(env="test", test_clock_file=clock_file).test_clock_file == clock_file
