"""The command-line framework's own English, in Chinese: usage errors and the words of `--help`.

typer (and the click it builds on) writes "Usage:", "Options:", "Missing argument 'FILE'." in English and
offers no translation hook that works across the typer versions we allow, so the text is translated on
its way out: usage errors are caught and printed as one Chinese line, help text is rewritten.
"""
from __future__ import annotations

import re

# (English pattern, Chinese) for usage errors; \\1 … are the quoted names
USAGE_ERRORS = [
    (r"Missing argument '(.+?)'\.?", r"缺少参数 \1"),
    (r"Missing option '(.+?)'\.?", r"缺少选项 \1"),
    (r"No such option: (\S+?)\s+\(Possible options: (.+)\)", r"没有选项 \1（是不是 \2？）"),
    (r"No such option: (\S+?)\s+Did you mean (\S+?)\?", r"没有选项 \1（是不是 \2？）"),
    (r"No such option: (\S+)", r"没有选项 \1"),
    (r"No such command '(.+?)'\.?", r"没有命令 \1"),
    (r"Option '(.+?)' requires an argument\.?", r"选项 \1 需要一个值"),
    (r"Option '(.+?)' requires (\d+) arguments\.?", r"选项 \1 需要 \2 个值"),
    (r"Option '(.+?)' does not take a value\.?", r"选项 \1 不带值"),
    (r"Got unexpected extra arguments? \((.+)\)", r"多余的参数：\1"),
    (r"Invalid value for '(.+?)': '(.+?)' is not a valid float\.?", r"\1 的值 \2 不是数"),
    (r"Invalid value for '(.+?)': '(.+?)' is not a valid integer\.?", r"\1 的值 \2 不是整数"),
    (r"Invalid value for '(.+?)': (.+?) is not in the range (.+?)\.?", r"\1 的值 \2 不在 \3 之内"),
    (r"Invalid value for '(.+?)': (.+)", r"\1 的值无效：\2"),
]

HELP_WORDS = [
    ("Usage: ", "用法："),
    ("[OPTIONS]", "[选项]"),
    ("COMMAND [ARGS]...", "命令 [参数]..."),
    ("\nOptions:\n", "\n选项：\n"),
    ("\nArguments:\n", "\n参数：\n"),
    ("\nCommands:\n", "\n命令：\n"),
    ("Show this message and exit.", "显示本帮助并退出。"),
    ("Show the version and exit.", "显示版本并退出。"),
    ("[default: ", "[默认："),
    ("[required]", "[必填]"),
    ("Try '", "用 '"),
    ("' for help.", "' 查看用法。"),
]


def usage_error(message: str) -> str:
    """One usage error in Chinese (the English kept when it is not one we know)."""
    message = message.strip()
    for pattern, chinese in USAGE_ERRORS:
        m = re.fullmatch(pattern, message, flags=re.S)
        if m:
            return m.expand(chinese)
    return f"用法错误：{message}"


def help_text(text: str) -> str:
    for english, chinese in HELP_WORDS:
        text = text.replace(english, chinese)
    return text
