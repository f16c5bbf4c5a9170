"""Texts shown to people: Traditional Chinese first, English second.

`Text` is the one bilingual type (the office's names, the catalogue's words, what the
service sends as {"zh-TW": ..., "en": ...}). It is Qt-free and immutable; `format` fills
placeholders in both languages at once, and a field that is itself a Text is filled in
the matching language."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("zh-TW", "en")


def other(lang: str) -> str:
    """The second language: English under Chinese, Chinese under English."""
    return "zh-TW" if lang == "en" else "en"


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text in `lang`; the Chinese when there is no English."""
        return (self.en or self.zh) if lang == "en" else self.zh

    def pair(self, lang: str) -> tuple[str, str]:
        """(first, second): the text in `lang`, then in the other language."""
        return self.get(lang), self.get(other(lang))

    def both(self, sep: str = "\n") -> str:
        """Chinese, then English; one of them when both are the same."""
        return self.zh if self.zh == self.en or not self.en else f"{self.zh}{sep}{self.en}"

    def format(self, **fields) -> Text:
        def fill(lang: str, template: str) -> str:
            return template.format(**{k: v.get(lang) if isinstance(v, Text) else v for k, v in fields.items()})

        return Text(fill("zh-TW", self.zh), fill("en", self.en))

    def __add__(self, tail: Text | str) -> Text:
        tail = tail if isinstance(tail, Text) else Text(tail, tail)
        return Text(self.zh + tail.zh, self.en + tail.en)

    @classmethod
    def from_json(cls, data) -> Text:
        """{"zh-TW", "en"} as the service and office files write it; a plain string (a
        device-sent reason, an id) stands for both languages; None for nothing."""
        if isinstance(data, Text):
            return data
        if isinstance(data, dict):
            zh = str(data.get("zh-TW") or data.get("en") or "")
            return cls(zh, str(data.get("en") or zh))
        return cls("", "") if data is None else cls(str(data), str(data))

    def to_json(self) -> dict:
        return {"zh-TW": self.zh, "en": self.en}

    @staticmethod
    def join(texts, zh_sep: str = "；", en_sep: str = "; ") -> Text:
        texts = list(texts)
        return Text(zh_sep.join(t.zh for t in texts), en_sep.join(t.en for t in texts))
