"""Texts shown to people, in Traditional Chinese first and English second."""

from __future__ import annotations

LANGUAGES = ("zh-TW", "en")


def pick(name: dict | str | None, lang: str) -> str:
    """The text of a {"zh-TW": ..., "en": ...} name from the service in one language."""
    if name is None:
        return ""
    if isinstance(name, str):
        return name
    return name.get(lang) or name.get("zh-TW") or name.get("en") or ""


class Texts:
    """An app's fixed texts: `texts("key", lang, **fields)`."""

    def __init__(self, table: dict[str, tuple[str, str]]):
        self.table = table

    def __call__(self, key: str, lang: str = "zh-TW", **fields) -> str:
        zh, en = self.table[key]
        return (en if lang == "en" else zh).format(**fields)

    def both(self, key: str, **fields) -> str:
        """Chinese, then English on the next line."""
        return f"{self(key, 'zh-TW', **fields)}\n{self(key, 'en', **fields)}"


# Messages for the service's error codes and for an unreachable service.
ERRORS = Texts({
    "unreachable": ("無法連線到叫號服務", "The queue service cannot be reached"),
    "unauthorized": ("裝置憑證無效，請洽管理人員", "This device's token is not valid; ask the administrator"),
    "forbidden": ("此裝置無權執行這個動作", "This device may not do that"),
    "not_found": ("找不到", "Not found"),
    "conflict": ("目前無法執行", "Not possible right now"),
    "invalid_request": ("資料有誤", "Invalid request"),
    "internal": ("服務發生錯誤，已記錄", "The service had an error; it was logged"),
})
