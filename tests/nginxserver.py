"""The documented nginx configuration (.ci/nginx) run for real on loopback, serving a built site:
for the tests and for bench/lighthouse.py."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CONF = Path(__file__).resolve().parent.parent / ".ci" / "nginx"


def free_port() -> int:
    """A port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def nginx(site: Path, prefix: Path) -> Iterator[str]:
    """Serve site with the shipped configuration (prefix: nginx's working folder); yields the base URL."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise RuntimeError("nginx missing: run bash .ci/setup --browser")
    (prefix / "conf" / "snippets").mkdir(parents=True)
    (prefix / "logs").mkdir()
    shutil.copy2(
        CONF / "gongkai-headers.conf", prefix / "conf" / "snippets" / "gongkai-headers.conf"
    )
    port = free_port()
    conf = (CONF / "gongkai.conf").read_text(encoding="utf-8")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "root /srv/gongkai/live;", f"root {site};"
    )
    (prefix / "conf" / "gongkai.conf").write_text(conf, encoding="utf-8")
    (prefix / "conf" / "nginx.conf").write_text(
        # pytest's folders are readable by their owner only
        ("user root;\n" if os.geteuid() == 0 else "")
        + "worker_processes 1;\ndaemon off;\nerror_log logs/error.log;\npid logs/nginx.pid;\nevents {}\n"
        "http {\n  access_log off;\n  client_body_temp_path logs/body;\n  proxy_temp_path logs/proxy;\n"
        "  fastcgi_temp_path logs/fastcgi;\n  uwsgi_temp_path logs/uwsgi;\n  scgi_temp_path logs/scgi;\n"
        "  include gongkai.conf;\n}\n",
        encoding="utf-8",
    )
    test = subprocess.run(
        [binary, "-t", "-p", str(prefix), "-c", "conf/nginx.conf"], capture_output=True, text=True
    )
    if test.returncode != 0:
        raise RuntimeError(test.stderr)
    process = subprocess.Popen(
        [binary, "-p", str(prefix), "-c", "conf/nginx.conf"], stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
