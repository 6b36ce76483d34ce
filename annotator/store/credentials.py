"""Server passwords kept out of our settings: in the OS keyring (``keyring``), or libpq's ``~/.pgpass``.

A server URL saved in the recent list carries no password; when the engine
connects, the password comes from this process's memory (typed in this
session), else from the OS keyring, else libpq reads ``~/.pgpass`` itself.
"""

from __future__ import annotations

import contextlib

from sqlalchemy.engine import URL, make_url

from annotator.store.errors import ProjectError

SERVICE = "annotator"
_typed: dict[str, str] = {}


def account(url: URL) -> str:
    """The keyring entry of a server login: user@host:port/database."""
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def remember(target: str, password: str, *, keep: bool) -> None:
    """Use ``password`` for this server login from now on; ``keep``: also in the OS keyring."""
    url = make_url(target)
    _typed[account(url)] = password
    if not keep:
        return
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, account(url), password)
    except KeyringError as exc:
        raise ProjectError(
            f"cannot keep the password in the OS keyring ({exc}); put it in ~/.pgpass instead"
        ) from None


def lookup(url: URL) -> str | None:
    """The password for a login without one in its URL (None: let libpq try ~/.pgpass)."""
    key = account(url)
    if key in _typed:
        return _typed[key]
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(SERVICE, key)
    except KeyringError:
        return None  # no usable keyring here (a headless machine): ~/.pgpass remains


def forget(target: str) -> None:
    """Drop a login's password from memory and from the OS keyring."""
    url = make_url(target)
    _typed.pop(account(url), None)
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(SERVICE, account(url))
