"""`scorer serve`: the local web page (检查草稿, 全县汇总, 规则库) on Starlette and uvicorn."""
from __future__ import annotations

import socket
import sys

from ..errors import InputError

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
MIN_CODE = 8  # letters or digits; the generated code has 12 digits


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a busy port is one clear line, not a log trace."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise InputError(f"{host}:{port}", f"无法监听：{exc.strerror or exc}（端口可能已被占用，可用 --port 换一个）") from None
    sock.listen(128)
    return sock


def serve(host: str = "127.0.0.1", port: int = 8765, open_browser: bool = False, rules: str | None = None,
          waivers: str | None = None, access_code: str | None = None, echo=print) -> None:
    """Check the rulebook and waivers, bind, print the address (and the access code), serve until Ctrl-C."""
    import uvicorn

    from ..rules.loader import load_rulebook
    from ..waivers import load_waivers
    from .app import Settings, create_app, generate_code

    rb = load_rulebook(rules)  # a bad rulebook or waivers file stops here with its one-line error
    if waivers:
        load_waivers(waivers, {r.id for r in rb.rules})
    loopback = host in LOOPBACK_HOSTS
    if access_code is not None and len([c for c in access_code if c.isalnum()]) < MIN_CODE:
        raise InputError("--access-code", f"访问码至少 {MIN_CODE} 位字母或数字，太短容易被猜中（不给则自动生成）")
    if not loopback and not access_code:
        access_code = generate_code()
    settings = Settings(rules=rules, waivers=waivers, access_code=access_code,
                        allowed_hosts=("127.0.0.1", "localhost", "::1", "[::1]") if loopback else None)
    app = create_app(settings)
    sock = bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{sock.getsockname()[1]}/"
    echo(f"scorer: 页面地址 {url}（按 Ctrl-C 停止）")
    if access_code:
        echo(f"scorer: 访问码 {access_code}（其他电脑打开页面时需输入一次）")
    if not loopback:
        echo(f"scorer: 注意：页面对 {host} 上的其他电脑开放，请只在可信的办公网络中使用")
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    sys.stdout.flush()
