"""Notifications on publish (the contract's "Added (2)"): each record that newly became visible
(published, or a posting period that started) is announced once per record and period to the group
chats an enterprise uses: 企业微信, 钉钉 and 飞书 group robots, whose webhooks are CI secrets.

A build writes what could be announced into site/.announce/records.json (a dot folder: nginx gives
no reader a dot folder). `gongkai publish`, once its release is live, sends what is new since the
last publish and keeps, in the publish folder's announced.json, what was seen and what each chat is
still owed. A chat that cannot be reached never fails a publish: the release stays live, the command
says what is owed, and the next publish sends it. A message holds a record's title, unit, the end of
its period and its address, never a row of people; a period that has ended is never announced.

Each platform's documented robot format and limits:
- 企业微信: POST {"msgtype": "markdown", "markdown": {"content": …}}, content at most 4,096 bytes,
  20 messages a minute; answers {"errcode": 0}.
- 钉钉: POST {"msgtype": "markdown", "markdown": {"title": …, "text": …}}, 20 messages a minute; with
  a secret (加签) the address carries timestamp (ms) and sign = base64(HMAC-SHA256(secret,
  "timestamp\\nsecret")), URL-encoded; answers {"errcode": 0}.
- 飞书: POST {"msg_type": "post", "content": {"post": {"zh_cn": {"title": …, "content": [[…]]}}}},
  a request of at most 20 KB, 100 a minute and 5 a second; answers {"code": 0}.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from gongkai.outputs.withdraw import write_whole

FOLDER = ".announce"
RECORDS = f"{FOLDER}/records.json"
STATE = "announced.json"  # in the publish folder, beside releases/ and live
PER_MESSAGE = 10  # records in one message
MESSAGES_PER_PUBLISH = 15  # under the 20 a minute of 企业微信 and 钉钉: the rest is owed
TIMEOUT = 10  # seconds a chat may take to answer


# -- the build: what could be announced ---------------------------------------------------------


def records_of(views: Iterable[Any]) -> list[dict]:
    """Each published record once per period: its key (address and the day it became visible),
    title, unit, and its period's end (None without one)."""
    out = []
    for view in sorted(views, key=lambda v: (v.date, v.url)):
        period = getattr(view.record, "period", None)
        since = max(view.date, period.start) if period is not None else view.date
        out.append(
            {
                "key": f"{view.url}@{since.isoformat()}",
                "url": view.url,
                "title": view.title,
                "unit": view.unit.name,
                "since": since.isoformat(),
                "to": period.to.isoformat() if period is not None else None,
            }
        )
    return out


def write_records(views: Iterable[Any], site_dir: Path) -> None:
    folder = site_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "records.json").write_text(
        json.dumps(records_of(views), ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


# -- the chats ------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """A title as a chat's Markdown shows it: its marks written full-width, on one line."""
    table = str.maketrans("[]()*_`<>#|\\~", "［］（）＊＿｀＜＞＃｜＼～")
    return " ".join(text.translate(table).split())


def _line(item: dict, site_url: str) -> tuple[str, str, str]:
    """(title, address, the line beneath: unit and the period's end)."""
    end = item["to"]
    when = f" · 公示至 {int(end[5:7])}月{int(end[8:10])}日" if end else ""
    return _plain(item["title"]), site_url + item["url"], f"{_plain(item['unit'])}{when}"


@dataclass(frozen=True)
class Chat:
    name: str  # what the command says
    webhook: str  # the environment variable of the webhook address
    secret: str | None  # of the signing secret, where the platform signs
    limit: int  # bytes of a message's text (企业微信, 钉钉) or of the request (飞书)

    def payload(self, site: str, items: list[dict], site_url: str) -> dict:
        head = f"{site}：新公开 {len(items)} 条"
        lines = [_line(item, site_url) for item in items]
        if self.name == "飞书":
            content = []
            for title, url, beneath in lines:
                content.append([{"tag": "a", "text": title, "href": url}])
                content.append([{"tag": "text", "text": beneath}])
            return {
                "msg_type": "post",
                "content": {"post": {"zh_cn": {"title": head, "content": content}}},
            }
        text = f"**{_plain(head)}**\n\n" + "\n\n".join(
            f"[{title}]({url})  \n{beneath}" for title, url, beneath in lines
        )
        if self.name == "企业微信":
            return {"msgtype": "markdown", "markdown": {"content": text}}
        return {"msgtype": "markdown", "markdown": {"title": head, "text": text}}

    def size(self, payload: dict) -> int:
        if self.name == "飞书":
            return len(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        body = payload["markdown"]
        return len((body.get("content") or body.get("text")).encode("utf-8"))

    def address(self, environ: dict, now: float) -> str:
        url = environ[self.webhook].strip()
        secret = environ.get(self.secret or "", "").strip()
        if not secret:
            return url
        stamp = str(int(now * 1000))
        digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
        sign = urllib.parse.quote_plus(base64.b64encode(digest))
        return f"{url}{'&' if '?' in url else '?'}timestamp={stamp}&sign={sign}"

    def accepted(self, answer: dict) -> str | None:
        """None when the chat took the message, else what it said."""
        code = (
            answer.get("code", answer.get("StatusCode"))
            if self.name == "飞书"
            else answer.get("errcode")
        )
        if code == 0:
            return None
        said = answer.get("msg") or answer.get("errmsg") or answer.get("StatusMessage") or ""
        return f"返回错误 {code}{('：' + str(said)[:80]) if said else ''}"


CHATS = (
    Chat("企业微信", "GONGKAI_WECOM_WEBHOOK", None, 4096),
    Chat("钉钉", "GONGKAI_DINGTALK_WEBHOOK", "GONGKAI_DINGTALK_SECRET", 20000),
    Chat("飞书", "GONGKAI_FEISHU_WEBHOOK", None, 20000),
)
SECRETS = tuple(name for chat in CHATS for name in (chat.webhook, chat.secret) if name)


def post(url: str, payload: dict) -> dict:
    """The chat's answer to one message (JSON), or an OSError / ValueError."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (the CI's own secret)
        return json.loads(response.read(65536).decode("utf-8"))


def batches(chat: Chat, site: str, items: list[dict], site_url: str) -> list[list[dict]]:
    """The items in messages of at most PER_MESSAGE records within the chat's size."""
    out: list[list[dict]] = []
    for item in items:
        if out and len(out[-1]) < PER_MESSAGE:
            trial = out[-1] + [item]
            if chat.size(chat.payload(site, trial, site_url)) <= chat.limit:
                out[-1] = trial
                continue
        out.append([item])
    return out


# -- publish: what is new, sent, and what is owed --------------------------------------------------


def _load_state(path: Path) -> dict | None:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or not isinstance(state.get("seen"), list):
        return None
    owed = state.get("owed") if isinstance(state.get("owed"), dict) else {}
    return {"seen": [k for k in state["seen"] if isinstance(k, str)], "owed": owed}


def _save_state(path: Path, state: dict) -> None:
    write_whole(path, json.dumps(state, ensure_ascii=False, indent=1).encode("utf-8"))


def announce(
    target: Path,
    release: Path,
    site: str,
    site_url: str,
    day: date,
    log: Callable[[str], None] = print,
    environ: dict | None = None,
    send: Callable[[str, dict], dict] = post,
    now: Callable[[], float] = time.time,
) -> dict[str, list[str]]:
    """Announce what became visible on `day` in the live release; returns, by chat, the keys still
    owed. Never raises for a chat: what fails is owed and said."""
    environ = os.environ if environ is None else environ
    path = release / RECORDS
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log("群通知：这个版本没有可通知的内容清单，本次不通知")
        return {}
    today = day.isoformat()
    visible = [r for r in records if r["since"] <= today and (r["to"] is None or today <= r["to"])]
    by_key = {r["key"]: r for r in visible}
    state_path = target / STATE
    state = _load_state(state_path)
    chats = [chat for chat in CHATS if environ.get(chat.webhook, "").strip()]
    if state is None:  # the first publish: what is already on the site is not news
        # (a period that starts later is still news on its day)
        begun = sorted(r["key"] for r in records if r["since"] <= today)
        _save_state(state_path, {"seen": begun, "owed": {}})
        log(f"群通知：首次发布，已有的 {len(visible)} 条内容记为已通知，以后新公开的内容才会通知")
        return {}
    seen = set(state["seen"])
    new = [r for r in visible if r["key"] not in seen]
    owed: dict[str, list[str]] = {}
    for chat in chats:
        # owed earlier and still in its period, then what is new; each once
        queue = [by_key[k] for k in state["owed"].get(chat.name, []) if k in by_key]
        queue += [r for r in new if r not in queue]
        left = list(queue)
        sent = 0
        for number, items in enumerate(batches(chat, site, queue, site_url)):
            if number >= MESSAGES_PER_PUBLISH:
                break
            try:
                problem = chat.accepted(
                    send(chat.address(environ, now()), chat.payload(site, items, site_url))
                )
            except (OSError, ValueError) as exc:
                problem = f"连接失败（{type(exc).__name__}）"
            if problem:
                log(f"群通知：{chat.name}群没有通知成功（{problem}）")
                break
            sent += len(items)
            left = left[len(items) :]
        if sent:
            log(f"群通知：已通知{chat.name}群 {sent} 条")
        if left:
            log(f"群通知：{chat.name}群还欠 {len(left)} 条，下次发布时补发")
            owed[chat.name] = [r["key"] for r in left]
    # keys of records no longer in the site are forgotten: the file stays as large as the site
    known = {r["key"] for r in records}
    _save_state(state_path, {"seen": sorted((seen | set(by_key)) & known), "owed": owed})
    if not chats and new:
        log(f"群通知：新公开 {len(new)} 条；没有设置群机器人（GONGKAI_WECOM_WEBHOOK 等），不通知")
    return owed
