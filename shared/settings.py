"""An app's settings: declared as a class (fields, defaults, checks), read from its TOML
file, then from the environment, then from the command line.

Only four variables come from the environment, as the systemd units and tests pass them:
QUEUE_SERVER_URL, QUEUE_TOKEN, QUEUE_PRINTER and QUEUE_COUNTER; each overrides the file or
stands in for it. Every mistake becomes one `ConfigError` line that names where the value
came from (the file, the variable or the option) and the field. Values are checked
strictly: `sound = 1` is not `true`, `idle_seconds = "30"` is not a number.

`server_url` may name several services, the live one and its standby (a county on
PostgreSQL): a TOML list `server_url = ["http://10.0.0.5:8600", "http://10.0.0.6:8600"]`, or
one text with the URLs separated by commas or spaces (so QUEUE_SERVER_URL can carry them).
It is kept as one text, the URLs joined by ", " (one URL stays as it was); `server_urls`
gives them as a tuple, and shared/client.py moves to the next when one cannot be reached.
"""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import NonNegativeFloat, PositiveInt, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from shared.office import ConfigError

ENVIRONMENT = {"QUEUE_SERVER_URL": "server_url", "QUEUE_TOKEN": "token", "QUEUE_PRINTER": "printer",
               "QUEUE_COUNTER": "counter"}

GRACE_SECONDS = 3.0

_file_values: ContextVar[dict] = ContextVar("settings_file_values", default={})


class _Source(PydanticBaseSettingsSource):
    def get_field_value(self, field, field_name):  # unused: __call__ gives every value at once
        return None, field_name, False


class _FileSource(_Source):
    def __call__(self) -> dict:
        return dict(_file_values.get())


class _EnvironmentSource(_Source):
    def __call__(self) -> dict:
        return environment_values(self.settings_cls)


def environment_values(settings_cls) -> dict:
    return {field: os.environ[var] for var, field in ENVIRONMENT.items()
            if field in settings_cls.model_fields and os.environ.get(var)}


def read_toml(path: str | Path) -> dict:
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read: {e}") from None


def split_urls(text: str) -> list[str]:
    """"http://a:8600, http://b:8600" (commas or spaces) as a list."""
    return [part for part in text.replace(",", " ").split() if part]


class AppSettings(BaseSettings):
    """What every app needs: where the service is, its device token, its first language."""

    model_config = SettingsConfigDict(extra="forbid", strict=True, frozen=True)

    server_url: str
    token: str
    language: Literal["zh-TW", "en"] = "zh-TW"
    # How long "connecting" shows before "the queue system cannot be reached": one value
    # for every app (shared.qt.connection).
    grace_seconds: NonNegativeFloat = GRACE_SECONDS

    @field_validator("server_url", mode="before")
    @classmethod
    def _urls(cls, value):
        if isinstance(value, (list, tuple)):
            if not value or not all(isinstance(v, str) for v in value):
                raise ValueError("must be a URL, or a list of URLs like [\"http://HOST:8600\", \"http://HOST2:8600\"]")
            return ", ".join(value)
        return value

    @field_validator("server_url")
    @classmethod
    def _url(cls, value: str) -> str:
        urls = split_urls(value)
        for one in urls or [""]:
            url = urlparse(one)
            if url.scheme not in ("http", "https") or not url.netloc:
                raise ValueError("must look like http://HOST:8600 (or several, for a standby: "
                                 "[\"http://HOST:8600\", \"http://HOST2:8600\"])")
        return ", ".join(u.rstrip("/") for u in urls)

    @property
    def server_urls(self) -> tuple[str, ...]:
        """Every service to try, in order (the first is the usual one)."""
        return tuple(split_urls(self.server_url))

    @field_validator("token")
    @classmethod
    def _token(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    # Read like the dict of 0.1.0 (`settings["language"]`, `{**settings}`) by code not yet
    # ported to attributes.
    def __getitem__(self, key: str):
        return getattr(self, key)

    def keys(self):
        return type(self).model_fields.keys()

    def get(self, key: str, default=None):
        return getattr(self, key, default)

    @classmethod
    def of(cls, values):
        """`values` as settings: settings pass through; a dict (a test's, the demo's) is
        checked, with the environment filling what it leaves out. Keys this app does not
        have are left out: the demo gives one base to every app."""
        if isinstance(values, cls):
            return values
        values = {k: values[k] for k in values.keys() if k in cls.model_fields}
        try:
            return cls(**dict(values))
        except ValidationError as e:
            raise ConfigError(cls._explain(e, None, dict(values))) from None

    @classmethod
    def defaults(cls) -> dict:
        return {name: f.get_default(call_default_factory=True) for name, f in cls.model_fields.items()
                if not f.is_required()}

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return init_settings, _EnvironmentSource(settings_cls), _FileSource(settings_cls)

    @classmethod
    def load(cls, path: str | Path | None = None, options: dict | None = None):
        """The settings from `path` (or none), the environment and `options` (the command
        line's, {field: value}; None values are left out), or a ConfigError."""
        values = read_toml(path) if path is not None else {}
        options = {k: v for k, v in (options or {}).items() if v is not None}
        token = _file_values.set(values)
        try:
            return cls(**options)
        except ValidationError as e:
            raise ConfigError(cls._explain(e, path, options)) from None
        finally:
            _file_values.reset(token)

    @classmethod
    def _explain(cls, error: ValidationError, path, options: dict) -> str:
        """The first mistake, as one line naming where the value came from."""
        errors = error.errors()
        # An unknown name first: it is often a known one misspelled, which explains the rest.
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        field = str(first["loc"][0]) if first["loc"] else ""
        env = environment_values(cls)
        variable = next((v for v, f in ENVIRONMENT.items() if f == field), None)
        if field in options and path is not None:
            where = f"--{field.replace('_', '-')}"
        elif field in options:
            where = "settings"
        elif field in env:
            where = f"{variable} (environment)"
        else:
            where = str(path) if path is not None else "environment"
        if first["type"] == "missing":
            also = f", or {variable} in the environment" if variable else ""
            return f"{where}: '{field}' is not set (in the config file{also})"
        if first["type"] == "extra_forbidden":
            known = ", ".join(sorted(cls.model_fields))
            return f"{where}: unknown setting '{field}'; known: {known}"
        message = first["msg"].removeprefix("Value error, ")
        if not field:  # a rule between fields
            return f"{where}: {message}"
        return f"{where}: '{field}' = {first.get('input')!r}: {message[0].lower()}{message[1:]}"


class CounterBoundSettings(AppSettings):
    """An app at one counter (the counter client, the rating pad): the counter comes from
    the token (GET /whoami); one given here (file, QUEUE_COUNTER, --counter) only checks it,
    and an administrator's token needs it."""

    counter: PositiveInt | None = None

    @field_validator("counter", mode="before")
    @classmethod
    def _counter(cls, value):
        if isinstance(value, str):  # from QUEUE_COUNTER
            if not value.strip().isdigit():
                raise ValueError("must be a counter number")
            return int(value)
        return value
