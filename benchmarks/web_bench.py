"""The web page (`scorer serve`) under load, on loopback.

Usage:  .venv/bin/python benchmarks/web_bench.py [--requests 200] [--clients 10] [--reports 200]

Starts `python -m scorer serve --port 0` (a pool of one worker per core), then measures:
1. a warm check of a seed through the server: POST /check with the file, the whole result page
   read back; median and 95th percentile over --requests requests from --clients concurrent
   clients; every response must be 200 with the score in it. Target: median ≤ 150 ms.
   With one client, the latency of a single check (the scoring itself is most of it); with N
   clients on C cores a median near N/C × that is the expected bound.
2. a plain page (GET /rules) while a county summary of --reports reports runs: one request
   every 100 ms for as long as the summary runs. Target: median ≤ 50 ms.
"""
from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def multipart(files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = bytearray()
    for field, name, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode("utf-8") + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def request(port: int, method: str, path: str, body: bytes | None = None, ctype: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"Content-Type": ctype} if ctype else {}
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    elapsed = time.perf_counter() - start
    conn.close()
    return resp.status, resp.getheader("Location"), data, elapsed


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, int(round(0.95 * len(xs))) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--reports", type=int, default=200)
    args = ap.parse_args()
    proc = subprocess.Popen([sys.executable, "-m", "scorer", "serve", "--port", "0"], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", line).group(1))
        seed = SEEDS[2]
        body, ctype = multipart([("file", seed.name, seed.read_bytes())])

        def check(_):
            status, _, data, elapsed = request(port, "POST", "/check", body, ctype)
            ok = status == 200 and b"data-score>" in data
            return ok, elapsed

        for _ in range(10):  # warm: every worker has scored and rendered once
            check(None)
        alone = [check(None)[1] * 1000 for _ in range(20)]
        print(f"check (warm, one client, 20 requests): median {statistics.median(alone):.0f} ms — the floor: "
              "scoring the seed itself takes most of it")
        with ThreadPoolExecutor(args.clients) as pool:
            results = list(pool.map(check, range(args.requests)))
        times = [t * 1000 for _, t in results]
        errors = sum(1 for ok, _ in results if not ok)
        print(f"check (warm, {args.requests} requests, {args.clients} clients): median {statistics.median(times):.0f} ms,"
              f" p95 {p95(times):.0f} ms, errors {errors}  (target: median ≤ 150 ms)")

        files = [("files", f"单位{i:03d}-{SEEDS[i % len(SEEDS)].name}", SEEDS[i % len(SEEDS)].read_bytes())
                 for i in range(args.reports)]
        sbody, sctype = multipart(files)
        status, location, _, _ = request(port, "POST", "/summary", sbody, sctype)
        assert status == 303, status
        job = location
        plain: list[float] = []
        started = time.perf_counter()
        while True:
            status, _, data, elapsed = request(port, "GET", job + "/progress.json")
            if b'"running"' not in data:
                break
            status, _, _, elapsed = request(port, "GET", "/rules")
            assert status == 200
            plain.append(elapsed * 1000)
            time.sleep(0.1)
        took = time.perf_counter() - started
        print(f"plain page (GET /rules) during a {args.reports}-report summary ({took:.0f} s, {len(plain)} requests): "
              f"median {statistics.median(plain):.0f} ms, p95 {p95(plain):.0f} ms, max {max(plain):.0f} ms"
              "  (target: median ≤ 50 ms)")
    finally:
        proc.terminate()
        proc.wait(30)


if __name__ == "__main__":
    main()
