"""The student's language: `--lang zh|en`, else the locale (zh_* means 中文), else English."""

from __future__ import annotations

import locale
import os


def detect() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "zh" if code.lower().startswith(("zh", "chinese")) else "en"


def pick(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en
