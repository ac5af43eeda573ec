"""The local web page (`scorer serve`): routes, the guard in front of them, and where work runs.

- Drafts are scored in a process pool sized to the cores (warm: rulebook loaded, templates
  compiled), summaries in a process of their own; the event loop only moves bytes.
- Every request's uploads live in a private folder (0700) under one private root, removed
  when the response is done; a summary's folder is removed when it expires.
- The guard adds the Content-Security-Policy and friends to every response, refuses form
  posts from other sites, and — when the server is reachable from other machines — asks
  for the access code once (a cookie).
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import multiprocessing
import os
import secrets
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..reading import DEFAULT_MAX_BYTES, SUPPORTED
from ..summary import available_cores
from .checking import DOCX, OUTPUTS, carried_text, check_draft, init_worker, read_overrides, ready
from .summaries import SummaryJobs
from .uploads import Limits, UploadRefused, read_form, safe_name, unpack_zip

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # same-origin: our own form posts carry their Origin (checked below); nothing goes to other sites
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),  # drafts must not linger in a shared office browser's cache
]
COOKIE = "scorer_access"
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass
class Settings:
    rules: str | None = None
    waivers: str | None = None
    access_code: str | None = None  # None: no code asked (loopback only)
    limits: Limits = field(default_factory=Limits)
    max_bytes: int = DEFAULT_MAX_BYTES  # report text, as `scorer check --max-size`
    workers: int = field(default_factory=available_cores)
    check_timeout: float = 60.0  # seconds before a draft gets "took too long" instead of a hang
    keep: float = 3600.0  # a summary's results are deleted after this many seconds
    summary_limit: float = 1800.0  # a summary still running after this is stopped
    allowed_hosts: tuple[str, ...] | None = LOOPBACK  # Host headers accepted (DNS rebinding); None: any


def generate_code() -> str:
    """A code a clerk can read out and type: 12 digits in groups of four (10^12 tries to guess)."""
    digits = "".join(secrets.choice("0123456789") for _ in range(12))
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"


def _normal_code(code: str) -> str:
    return "".join(ch for ch in code if ch.isalnum())


class Guard:
    """ASGI middleware: security headers on every response, Host and Origin checks, the access code."""

    def __init__(self, app, settings: Settings, token: str | None):
        self.app = app
        self.settings = settings
        self.token = token  # the cookie's value when an access code is required

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_secured(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        headers = Headers(scope=scope)
        host = headers.get("host", "")
        hostname = urlsplit(f"//{host}").hostname or ""
        allowed = self.settings.allowed_hosts
        if allowed is not None and hostname not in allowed and f"[{hostname}]" not in allowed:
            return await _plain(403, "主机名不被接受 (invalid Host header)")(scope, receive, send_secured)
        origin = headers.get("origin")
        if scope["method"] == "POST" and origin and (origin == "null" or urlsplit(origin).netloc != host):
            return await _plain(403, "拒绝来自其他网站的提交 (cross-site form post)")(scope, receive, send_secured)
        path = scope["path"]
        if self.token and path != "/login" and not path.startswith("/static/"):
            given = Request(scope).cookies.get(COOKIE, "")
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                if scope["method"] == "GET":
                    target = "/login?next=" + quote(path)
                    return await RedirectResponse(target, 303)(scope, receive, send_secured)
                return await _plain(401, "需要访问码：请先打开首页输入访问码 (access code required)")(
                    scope, receive, send_secured)
        await self.app(scope, receive, send_secured)


def access_token(secret: bytes, code: str) -> str:
    """The cookie for a correct code: derived, so the code itself is never stored in the browser."""
    return hmac.new(secret, _normal_code(code).encode(), hashlib.sha256).hexdigest()


def _plain(status: int, text: str) -> Response:
    return Response(text + "\n", status_code=status, media_type="text/plain; charset=utf-8")


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    # absolute: a summary runs in its own process inside its upload folder
    settings.rules = os.path.abspath(settings.rules) if settings.rules else None
    settings.waivers = os.path.abspath(settings.waivers) if settings.waivers else None
    from ..render_html import environment
    from ..rules.loader import data_dir, load_rulebook

    env = environment()
    static = data_dir("templates") / "web" / "static"
    rulebook = load_rulebook(settings.rules)  # fails before the server starts (the CLI checked it already)
    secret = secrets.token_bytes(32)  # per start: restarting the server asks for the code again
    guard_token = access_token(secret, settings.access_code) if settings.access_code else None
    state: dict = {}

    def page(template: str, status: int = 200, **context) -> HTMLResponse:
        context.setdefault("messages", [])
        html = env.get_template(f"web/{template}").render(rulebook=rulebook, settings=settings, **context)
        return HTMLResponse(html, status_code=status)

    def private_folder(prefix: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=state["root"]))  # mkdtemp: 0700

    def new_pool() -> ProcessPoolExecutor:
        # spawn: clean workers (forking a process that runs an event loop and threads is unsafe)
        return ProcessPoolExecutor(max_workers=settings.workers, initializer=init_worker,
                                   initargs=(settings.rules, settings.waivers),
                                   mp_context=multiprocessing.get_context("spawn"))

    @asynccontextmanager
    async def lifespan(app):
        state["root"] = Path(tempfile.mkdtemp(prefix="scorer-web-"))
        state["pool"] = new_pool()
        state["jobs"] = SummaryJobs(state["root"], settings.keep, settings.summary_limit)
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(state["pool"], ready) for _ in range(settings.workers)))

        async def sweeper():
            while True:
                await asyncio.sleep(30)
                await loop.run_in_executor(None, state["jobs"].sweep)

        task = asyncio.create_task(sweeper())
        try:
            yield
        finally:
            task.cancel()
            state["jobs"].close()
            state["pool"].shutdown(wait=False, cancel_futures=True)
            shutil.rmtree(state["root"], ignore_errors=True)

    # --- 检查草稿 ----------------------------------------------------------------
    async def index(request: Request) -> Response:
        return page("check_form.html.j2")

    async def check(request: Request) -> Response:
        folder = private_folder("check-")
        try:
            try:
                form = await read_form(request.headers, request.stream(), folder, settings.limits)
            except UploadRefused as exc:
                return page("check_form.html.j2", 413, messages=[str(exc)])
            overrides, problems = read_overrides(form.fields)
            if problems:
                return page("check_form.html.j2", 400, messages=problems)
            files = [f for f in form.files if f.field == "file"]
            if files:
                job = dict(name=files[0].name, path=str(files[0].path))
            elif form.get("text"):
                text = carried_text(form.get("text"))
                if text is None:
                    return page("check_form.html.j2", 400, messages=["表单内容不完整，请重新上传文件"])
                job = dict(name=safe_name(form.get("name")), text=text, fmt=form.get("fmt") or None)
            else:
                return page("check_form.html.j2", 400, messages=form.problems or ["请选择一份报告文件"])
            output = form.get("as") if form.get("as") in OUTPUTS else "page"
            fut = None
            try:
                fut = state["pool"].submit(check_draft, overrides=overrides, max_bytes=settings.max_bytes,
                                           output=output, **job)
                outcome = await asyncio.wait_for(asyncio.wrap_future(fut), settings.check_timeout)
            except BrokenProcessPool:  # a worker died (out of memory?): a fresh pool for the next draft
                state["pool"] = new_pool()
                return page("check_form.html.j2", 500, messages=[
                    f"{job['name']}：处理这份报告的进程意外退出（可能是内存不足），请检查文件后重试 (worker died)"])
            except asyncio.TimeoutError:
                fut.cancel()  # if it has not started; a running one finishes in its worker, unseen
                return page("check_form.html.j2", 504, messages=[
                    f"{job['name']}：处理超过 {settings.check_timeout:g} 秒仍未完成，已放弃。"
                    "服务器可能正忙（正在汇总），请稍后重试；若总是超时，请检查文件是否过大 (timed out)"])
            if not outcome["ok"]:
                return page("check_form.html.j2", 400, messages=[outcome["error"]])
            if output == "page":
                return HTMLResponse(outcome["body"])
            media = {"json": "application/json", "html": "text/html; charset=utf-8"}.get(output, DOCX)
            return Response(outcome["body"], media_type=media, headers={
                "content-disposition": f"attachment; filename*=UTF-8''{quote(outcome['filename'])}"})
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # the draft is gone before the page reaches the browser

    # --- 全县汇总 ----------------------------------------------------------------
    async def summary_form(request: Request) -> Response:
        return page("summary_form.html.j2")

    async def summary_start(request: Request) -> Response:
        jobs: SummaryJobs = state["jobs"]
        if jobs.busy():
            return page("summary_form.html.j2", 503, messages=["已有一份汇总正在进行，请等它完成后再提交 (busy)"])
        job_id, folder = jobs.new_folder()
        started = False
        try:
            try:
                form = await read_form(request.headers, request.stream(), folder / "in", settings.limits)
            except UploadRefused as exc:
                return page("summary_form.html.j2", 413, messages=[str(exc)])
            problems = list(form.problems)
            names: list[str] = []
            baseline = None
            for f in form.files:
                if f.field == "baseline":
                    baseline = str(f.path.rename(folder / "baseline.jsonl"))
                elif f.name.lower().endswith(".zip"):
                    loop = asyncio.get_running_loop()
                    inside, why = await loop.run_in_executor(None, unpack_zip, f, folder / "in", settings.limits)
                    f.path.unlink()
                    names += [s.path.name for s in inside]
                    problems += why
                    if not inside and not why:
                        problems.append(f"{f.name}：压缩包中没有报告文件（.txt .docx .pdf .html）")
                elif f.path.suffix.lower() in SUPPORTED + (".doc", ".wps"):
                    names.append(f.path.name)
                else:
                    f.path.unlink()
                    problems.append(f"{f.name}：不是报告文件（可上传 .docx .pdf .txt .html 或 .zip），已跳过")
            if not names:
                return page("summary_form.html.j2", 400, messages=problems or ["请选择报告文件或一个 .zip 压缩包"])
            jobs.start(job_id, folder, names, problems, settings.rules, settings.waivers, baseline,
                       settings.max_bytes)
            started = True
            return RedirectResponse(f"/summary/{job_id}", 303)
        finally:
            if not started:
                shutil.rmtree(folder, ignore_errors=True)

    def _job(request: Request):
        return state["jobs"].get(request.path_params["job"])

    async def summary_status(request: Request) -> Response:
        job = _job(request)
        if job is None:
            return page("summary_form.html.j2", 404, messages=["这份汇总已过期或已删除（结果只保留一小时）"])
        outcome = job.outcome()
        if outcome is None:
            done, total = job.progress()
            return page("summary_progress.html.j2", job=job, done=done, total=total)
        if not outcome["ok"]:
            state["jobs"].delete(job.id)
            return page("summary_form.html.j2", 400, messages=job.problems + [outcome["error"]])
        return RedirectResponse(f"/summary/{job.id}/index.html", 303)

    async def summary_progress(request: Request) -> Response:
        job = _job(request)
        if job is None:
            return JSONResponse({"state": "gone"}, 404)
        outcome = job.outcome()
        done, total = job.progress()
        return JSONResponse({"state": "running" if outcome is None else ("done" if outcome["ok"] else "failed"),
                             "done": done, "total": total})

    async def summary_file(request: Request) -> Response:
        from ..files import is_within

        job = _job(request)
        if job is None or not (job.outcome() or {}).get("ok"):
            return page("summary_form.html.j2", 404, messages=["这份汇总已过期或已删除（结果只保留一小时）"])
        target = job.out / request.path_params["path"]
        if not is_within(target, job.out) or not target.is_file() or target.name.startswith("."):
            return _plain(404, "没有这个文件 (not found)")
        if target.name == "index.html":
            expires = time.strftime("%H:%M", time.localtime(job.started + settings.keep))
            banner = env.get_template("web/summary_banner.html.j2").render(job=job, expires=expires,
                                                                          outcome=job.outcome())
            html = target.read_text(encoding="utf-8").replace('<main id="main">', '<main id="main">' + banner, 1)
            return HTMLResponse(html)
        if target.suffix == ".html":
            return FileResponse(target, media_type="text/html; charset=utf-8")
        return FileResponse(target, filename=target.name)  # the spreadsheets and results.jsonl: downloads

    async def summary_delete(request: Request) -> Response:
        state["jobs"].delete(request.path_params["job"])
        return page("summary_form.html.j2", messages=["汇总结果和下载文件已删除"])

    # --- 规则库, access code, static files --------------------------------------------
    async def rules_page(request: Request) -> Response:
        from ..rules.vocabulary import LEVEL_LABELS

        return page("rules.html.j2", parts=rulebook.parts, rules=rulebook.rules, levels=LEVEL_LABELS)

    async def login(request: Request) -> Response:
        nxt = request.query_params.get("next", "/")
        if not nxt.startswith("/") or nxt.startswith("//"):
            nxt = "/"
        if request.method == "GET":
            return page("login.html.j2", next=nxt)
        form = await request.form(max_files=0, max_fields=4)
        code = str(form.get("code", ""))
        if settings.access_code and hmac.compare_digest(_normal_code(code).encode(),
                                                        _normal_code(settings.access_code).encode()):
            response = RedirectResponse(nxt, 303)
            response.set_cookie(COOKIE, guard_token, httponly=True, samesite="strict")
            return response
        await asyncio.sleep(1)  # slows guessing down
        return page("login.html.j2", 401, next=nxt, messages=["访问码不正确，请向运行本页面的同事确认"])

    async def static_file(request: Request) -> Response:
        name = request.path_params["name"]
        target = static / name
        if "/" in name or not target.is_file():
            return _plain(404, "没有这个文件 (not found)")
        return FileResponse(target)

    routes = [
        Route("/", index), Route("/check", check, methods=["POST"]),
        Route("/summary", summary_form), Route("/summary", summary_start, methods=["POST"]),
        Route("/summary/{job}", summary_status), Route("/summary/{job}/progress.json", summary_progress),
        Route("/summary/{job}/delete", summary_delete, methods=["POST"]),
        Route("/summary/{job}/{path:path}", summary_file),
        Route("/rules", rules_page), Route("/login", login, methods=["GET", "POST"]),
        Route("/static/{name}", static_file),
        Route("/favicon.ico", lambda request: Response(status_code=204)),  # no icon, and no 404 in the log
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    middleware=[Middleware(Guard, settings=settings, token=guard_token)])
    app.state.settings = settings
    app.state.runtime = state  # the private root, the pool and the jobs (tests look at them)
    return app
