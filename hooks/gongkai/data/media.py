"""Photos and attachments checked by content before publication: no active content on the site."""

from __future__ import annotations

import math
import os
import re
import stat
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

MB = 1024 * 1024
# A phone photo is 2-10 MB and a 50-megapixel camera's JPEG stays under 20 MB; a scanned notice or
# an exported report rarely passes 20 MB, and past 50 MB nobody on a phone will download it anyway.
PHOTO_MAX_BYTES = 20 * MB
ATTACHMENT_MAX_BYTES = 50 * MB
# 8160 x 6120 (a phone's 50-megapixel mode) still fits; anything bigger is too much for a board's
# readers and, above all, is how a few kilobytes of PNG ask a decoder for gigabytes of memory.
MAX_PIXELS = 50_000_000
# Office documents are ZIP files: checked from the central directory, nothing is extracted. Real
# documents have tens to a few thousand parts, unpack to a few times their size (XML deflates 5-50
# times), while a zip bomb deflates runs of zeros about 1000 times.
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_UNPACKED = 512 * MB
ZIP_MAX_RATIO = 200
ZIP_RATIO_FROM = 1 * MB  # smaller parts can't hurt whatever their ratio
PDF_EOF_WINDOW = 1024  # readers look for %%EOF in the last kilobyte
# What makes a PDF run something when opened: a JavaScript or launch action, document scripts, files
# inside it to open, Flash or 3D media, XFA forms with their scripts. Office, WPS and scanners write
# none of them. Each is matched with what must stand around it in a PDF (an action's /S, a key's
# value), never a bare word, so that a link to ".../Web/JavaScript" in a string is nothing; and the
# patterns are long enough that the binary data of photos and fonts never holds them by chance, so
# the whole file is read as it is, streams included: no guess of where a stream ends can be fooled.


def _name(word: str) -> bytes:
    """A PDF name as a pattern: each character as itself or as #xx (/J#61vaScript is /JavaScript)."""
    return (
        b"/"
        + b"".join(
            b"(?:"
            + re.escape(c.encode())
            + b"|#"
            + f"{ord(c):02x}".encode()
            + b"|#"
            + f"{ord(c):02X}".encode()
            + b")"
            for c in word
        )
        + rb"(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
    )  # and the name ends there


_G = rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*[\r\n])*"  # white space and comments between tokens
_REF = rb"\d+" + _G + rb"\d+" + _G + rb"R"
_PDF_ACTIVE = re.compile(
    _name("S")
    + _G
    + b"(?:(?P<action>"
    + _name("JavaScript")
    + b")|(?P<launch>"
    + _name("Launch")
    + b"))"
    + b"|(?P<script>"
    + _name("JS")
    + b")"
    + _G
    + b"(?:[(<]|"
    + _REF
    + b")"
    + b"|(?P<names>"
    + _name("JavaScript")
    + b")"
    + _G
    + b"(?:<<|"
    + _REF
    + b")"
    + b"|(?P<files>"
    + _name("EmbeddedFiles")
    + b")"
    + _G
    + b"(?:<<|"
    + _REF
    + b")"
    + b"|"
    + _name("Type")
    + _G
    + b"(?P<file>"
    + _name("EmbeddedFile")
    + b")"
    + b"|"
    + _name("Subtype")
    + _G
    + b"(?P<media>"
    + _name("RichMedia")
    + b")"
    + b"|(?P<xfa>"
    + _name("XFA")
    + b")"
    + _G
    + b"(?:\\[|"
    + _REF
    + b")"
)
# Where one of those may start: a slash and the first letter of /S, /Subtype, /JS, /JavaScript,
# /EmbeddedFiles, /Type or /XFA, as itself or #xx. Matching only there is a hundred times faster on a
# file of photos than searching with the whole pattern (some 30 ms for 45 MB instead of 2 s).
_PDF_STARTS = re.compile(rb"/(?:[SJETX]|#(?:5[348]|4[5Aa]))")
_PDF_ACTIVE_LABELS = {
    "action": "JavaScript 脚本",
    "launch": "启动程序的动作",
    "script": "JavaScript 脚本",
    "names": "JavaScript 脚本",
    "files": "夹带的文件",
    "file": "夹带的文件",
    "media": "多媒体（Flash 等）",
    "xfa": "XFA 表单脚本",
}
# Object streams (PDF 1.5) hold dictionaries compressed: each is inflated, up to this much in all.
_PDF_OBJSTM = re.compile(
    _name("Type") + _G + _name("ObjStm") + rb".{0,512}?stream(?:\r\n|\n|\r)", re.S
)
_PDF_INFLATE_MAX = 64 * MB
_PDF_OBJSTM_MAX = 10_000


@dataclass(frozen=True)
class _Kind:
    label: str  # what a clerk calls it
    family: str  # "image" | "pdf" | "ooxml" | "odf" | "ole2"
    marker: str = ""  # Pillow format, OOXML folder or ODF mimetype
    save_as: str = ""  # the extension to export to


_JPEG = _Kind("JPEG 图片", "image", "JPEG", "JPEG")
_KINDS = {
    ".jpg": _JPEG,
    ".jpeg": _JPEG,
    ".png": _Kind("PNG 图片", "image", "PNG", "PNG"),
    ".webp": _Kind("WebP 图片", "image", "WEBP", "WebP"),
    ".gif": _Kind("GIF 图片", "image", "GIF", "GIF"),
    ".pdf": _Kind("PDF 文件", "pdf"),
    ".docx": _Kind("Word 文档", "ooxml", "word/", ".docx"),
    ".xlsx": _Kind("Excel 表格", "ooxml", "xl/", ".xlsx"),
    ".pptx": _Kind("PowerPoint 演示文稿", "ooxml", "ppt/", ".pptx"),
    ".odt": _Kind("ODF 文字文档", "odf", "application/vnd.oasis.opendocument.text", ".odt"),
    ".ods": _Kind("ODF 电子表格", "odf", "application/vnd.oasis.opendocument.spreadsheet", ".ods"),
    ".odp": _Kind("ODF 演示文稿", "odf", "application/vnd.oasis.opendocument.presentation", ".odp"),
    ".doc": _Kind("旧版 Word 文档", "ole2", "", ".doc"),
    ".xls": _Kind("旧版 Excel 表格", "ole2", "", ".xls"),
    ".ppt": _Kind("旧版 PowerPoint 演示文稿", "ole2", "", ".ppt"),
}

PHOTO_TYPES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"})
ATTACHMENT_TYPES = frozenset(_KINDS)

_ROLES = {
    "photo": ("照片", PHOTO_TYPES, PHOTO_MAX_BYTES, "照片只能是 JPEG、PNG、WebP 或 GIF 图片"),
    "attachment": (
        "附件",
        ATTACHMENT_TYPES,
        ATTACHMENT_MAX_BYTES,
        (
            "附件只能是 PDF 文件、Office 文档（.docx、.xlsx、.pptx、.doc、.xls、.ppt、"
            ".odt、.ods、.odp）或 JPEG、PNG、WebP、GIF 图片"
        ),
    ),
}

_NOTES = {
    (".svg", ".svgz"): "SVG 可能含有脚本",
    (".html", ".htm", ".xhtml", ".shtml", ".mht", ".mhtml"): "网页可能含有脚本",
    (".js", ".mjs", ".vbs", ".wsf"): "这是脚本文件",
    (".exe", ".msi", ".bat", ".cmd", ".ps1", ".sh", ".apk", ".jar"): "这是程序文件",
    (".heic", ".heif"): "苹果手机的 HEIC 照片请先转换为 JPEG",
    (".bmp", ".tif", ".tiff", ".avif"): "请用图片软件另存为 JPEG 或 PNG",
    (".docm", ".xlsm", ".pptm", ".dotm"): (
        "含宏的文档可能带有程序，请另存为不含宏的 .docx、.xlsx 或 .pptx"
    ),
    (".wps", ".et", ".dps"): "WPS 格式请在 WPS 中另存为 .docx、.xlsx 或 .pptx",
    (".zip", ".rar", ".7z"): "压缩包请解压后上传其中的文件",
    (".pdf", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".ppt", ".odt", ".ods", ".odp"): (
        "PDF 和 Office 文档只能作为附件"
    ),
}

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(rb"<(!doctype html|html|head|body|script|iframe|meta|title)[\s>]")


def check_media(path: Path, role: str) -> str | None:
    """None when the file may be published as a photo or an attachment, else why not, in Chinese."""
    if role not in _ROLES:
        raise ValueError(f"role must be 'photo' or 'attachment', not {role!r}")
    noun, allowed, max_bytes, allowed_text = _ROLES[role]
    path = Path(path)
    name = path.name
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return f"找不到文件“{name}”：请确认它已放进 data/media/ 且文件名与记录中写的一致"
    if stat.S_ISLNK(info.st_mode):
        return (
            f"文件“{name}”是一个符号链接（快捷方式），不是真正的文件，不能发布："
            "请把文件本身复制到 data/media/ 中"
        )
    if not stat.S_ISREG(info.st_mode):
        return (
            f"“{name}”不是普通文件（可能是文件夹），不能发布：请引用 data/media/ 中的照片或附件文件"
        )

    ext = path.suffix.lower()
    if ext not in allowed:
        note = next((text for exts, text in _NOTES.items() if ext in exts), "")
        if not ext:
            note = "文件名没有扩展名"
        return f"文件“{name}”的类型不能发布：{allowed_text}" + (f"（{note}）" if note else "")

    if info.st_size > max_bytes:
        return f"文件“{name}”有 {_mb(info.st_size)}，超过{noun}的上限 {_mb(max_bytes)}：" + (
            "请缩小或压缩后再上传" if _KINDS[ext].family == "image" else "请压缩或拆分后再上传"
        )
    if info.st_size == 0:
        return f"文件“{name}”是空的（0 字节），可能没有上传完：请重新上传"

    with open(path, "rb") as f:
        head = f.read(4096)
    kind = _KINDS[ext]
    check = {
        "image": _check_image,
        "pdf": _check_pdf,
        "ooxml": _check_zip,
        "odf": _check_zip,
        "ole2": _check_ole2,
    }[kind.family]
    return check(path, name, ext, kind, head, allowed)


def _check_image(path: Path, name: str, ext: str, kind: _Kind, head: bytes, allowed) -> str | None:
    if _sniff(head) != kind.label:
        return _mismatch(name, ext, kind, _sniff(head), allowed)
    try:
        # Pillow warns between its own limit and twice it, and raises above: both are refusals.
        # catch_warnings swaps the process-wide filters back and forth (not thread-safe): the
        # build checks its files one after another, and Image.MAX_IMAGE_PIXELS stays untouched.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=[kind.marker]) as im:
                width, height = im.size
                if width * height > MAX_PIXELS:
                    return _too_many_pixels(name, width * height, f"{width}×{height} 像素")
                # verify() checks PNG chunks and the WebP container without decoding, but does
                # nothing for JPEG and GIF: those are decoded instead, JPEG at 1/8 scale.
                if kind.marker in ("PNG", "WEBP"):
                    im.verify()
                else:
                    if kind.marker == "JPEG":
                        im.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        found = re.search(r"\((\d+) pixels\)", str(error))
        return _too_many_pixels(name, int(found.group(1)) if found else None, "")
    # Pillow's parsers raise many kinds of error on a broken file: each one is a refusal.
    except Exception:  # noqa: BLE001
        return _damaged(name, kind, "图片无法完整读出，可能没有上传完")
    return None


def _check_pdf(path: Path, name: str, ext: str, kind: _Kind, head: bytes, allowed) -> str | None:
    # Readers tolerate junk before %PDF-, but that junk is how a file is both a web page and a PDF;
    # every real exporter (Office, WPS, scanners) writes %PDF- as the very first bytes.
    if not head.startswith(b"%PDF-"):
        return _mismatch(name, ext, kind, _sniff(head), allowed)
    # within the size cap, checked before; read once for the end and the content
    data = path.read_bytes()
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        return _damaged(name, kind, "结尾缺少 %%EOF，可能没有上传完")
    found = _pdf_active(data)
    if found:
        return (
            f"文件“{name}”是 PDF 文件，但含有{_sp(found)}，打开时会自动运行或打开其他内容，不能发布："
            "请用原来的软件重新导出为 PDF（或“打印”为 PDF）后再上传"
        )
    return None


def _pdf_active(data: bytes) -> str | None:
    """What in a PDF would run when it is opened, or None: in the file as written and in its
    compressed object streams."""
    for text in _pdf_texts(data):
        for start in _PDF_STARTS.finditer(text):
            found = _PDF_ACTIVE.match(text, start.start())
            if found:
                return _PDF_ACTIVE_LABELS[found.lastgroup]
    return None


def _pdf_texts(data: bytes):
    """The file, then each object stream inflated: at most _PDF_OBJSTM_MAX of them and
    _PDF_INFLATE_MAX bytes in all, each read from a view up to its endstream (no copies of the
    rest of the file). One that does not inflate (another filter, encrypted) is passed over."""
    yield data
    view = memoryview(data)
    budget = _PDF_INFLATE_MAX
    for count, match in enumerate(_PDF_OBJSTM.finditer(data)):
        if count >= _PDF_OBJSTM_MAX or budget <= 0:
            break
        end = data.find(b"endstream", match.end())
        try:
            inflated = zlib.decompressobj().decompress(
                view[match.end() : end if end >= 0 else len(data)], budget
            )
        except zlib.error:
            continue
        budget -= len(inflated)
        yield inflated


def _check_ole2(path: Path, name: str, ext: str, kind: _Kind, head: bytes, allowed) -> str | None:
    if not head.startswith(_OLE2_MAGIC):
        return _mismatch(name, ext, kind, _sniff(head), allowed)
    return None


def _check_zip(path: Path, name: str, ext: str, kind: _Kind, head: bytes, allowed) -> str | None:
    # zipfile also accepts data in front of the archive; a document must start with its first part.
    if not head.startswith(b"PK\x03\x04"):
        return _mismatch(name, ext, kind, _sniff(head), allowed)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            bomb = _zip_bomb(entries)
            if bomb:
                return (
                    f"文件“{name}”{bomb}，可能是恶意构造的“压缩炸弹”，不能发布："
                    f"请用 Office 或 WPS 打开后重新另存为 {kind.save_as} 再上传"
                )
            found = _zip_kind(archive)
    # zipfile raises more than BadZipFile on a broken directory (ValueError, EOFError, ...).
    except Exception:  # noqa: BLE001
        return _damaged(name, kind, "压缩结构无法读出")
    if found is not kind:
        return _mismatch(name, ext, kind, found.label if found else "ZIP 压缩包", allowed, found)
    return None


def _zip_bomb(entries: list[zipfile.ZipInfo]) -> str:
    if len(entries) > ZIP_MAX_ENTRIES:
        return f"包含 {len(entries)} 个部件，超过上限 {ZIP_MAX_ENTRIES} 个"
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > ZIP_MAX_UNPACKED:
        return f"解压后有 {_mb(unpacked)}，超过上限 {_mb(ZIP_MAX_UNPACKED)}"
    for entry in entries:
        if entry.file_size > ZIP_RATIO_FROM:
            ratio = entry.file_size / max(1, entry.compress_size)
            if ratio > ZIP_MAX_RATIO:
                return f"中的“{entry.filename}”压缩了约 {ratio:.0f} 倍，超过上限 {ZIP_MAX_RATIO} 倍"
    return ""


def _zip_kind(archive: zipfile.ZipFile) -> _Kind | None:
    names = set(archive.namelist())
    if "[Content_Types].xml" in names:
        for kind in _KINDS.values():
            if kind.family == "ooxml" and any(n.startswith(kind.marker) for n in names):
                return kind
    if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
        mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
        for kind in _KINDS.values():
            if kind.family == "odf" and kind.marker == mimetype:
                return kind
    return None


def _sniff(head: bytes) -> str | None:
    """What the first bytes of a file look like, in a clerk's words; None when unknown."""
    if head.startswith(b"\xff\xd8\xff"):
        return _JPEG.label
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _KINDS[".png"].label
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _KINDS[".webp"].label
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return _KINDS[".gif"].label
    if head.startswith(b"%PDF-"):
        return _KINDS[".pdf"].label
    if head.startswith(b"PK\x03\x04"):
        return "ZIP 压缩包或 Office 文档"
    if head.startswith(_OLE2_MAGIC):
        return "旧版 Office 文档、WPS 文档或加了打开密码的文档"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
            return "苹果手机的 HEIC 照片"
        if brand in (b"avif", b"avis"):
            return "AVIF 图片"
        return "视频文件"
    if head.startswith(b"BM"):
        return "BMP 图片"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF 图片"
    if head.startswith((b"MZ", b"\x7fELF")):
        return "程序文件"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if _HTML_START.match(text) or text.startswith(b"<!--") and b"<html" in text:
        return "HTML 网页"
    if b"<svg" in text[:1024]:
        return "SVG 图片"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # the 4096 bytes read may cut a character in two
        if error.start < len(head) - 3:
            return None
    return "文本文件" if head and b"\x00" not in head else None


def _mismatch(
    name: str, ext: str, kind: _Kind, seen: str | None, allowed, found: _Kind | None = None
) -> str:
    if found is None and seen:
        found = next((k for e, k in _KINDS.items() if k.label == seen and e in allowed), None)
    looks = f"看起来是{_sp(seen)}" if seen else "内容无法识别"
    if found is not None and found is not kind:
        right = next(e for e, k in _KINDS.items() if k is found)
        advice = f"请把扩展名改为 {right}，或" + _fix(kind).removeprefix("请")
    else:
        advice = _fix(kind)
    return f"文件“{name}”的扩展名是 {ext}，但内容不是{_sp(kind.label)}（{looks}）：{advice}"


def _damaged(name: str, kind: _Kind, detail: str) -> str:
    return f"文件“{name}”是{_sp(kind.label)}，但已损坏或不完整（{detail}）：{_fix(kind)}"


def _too_many_pixels(name: str, pixels: int | None, dimensions: str) -> str:
    if pixels is None:
        size = "尺寸过大"
    elif dimensions:
        size = f"有 {dimensions}（约 {_pixels(pixels)}）"
    else:
        size = f"有约 {_pixels(pixels)}"
    return f"文件“{name}”的图片{size}，超过上限 {_pixels(MAX_PIXELS)}：请用图片软件缩小后再上传"


def _sp(label: str) -> str:
    """A space between a Chinese word and a label that starts with Latin letters."""
    return " " + label if label[:1].isascii() else label


def _fix(kind: _Kind) -> str:
    if kind.family == "image":
        return f"请用图片软件另存为 {kind.save_as} 后再上传"
    if kind.family == "pdf":
        return "请用原来的软件重新导出为 PDF 后再上传"
    return f"请用 Office 或 WPS 打开后另存为 {kind.save_as} 再上传"


def _mb(size: int) -> str:
    # rounded up, so that a file just over a limit never reads as equal to it
    value = math.ceil(size * 10 / MB) / 10
    return f"{value:.1f}".removesuffix(".0") + " MB"


def _pixels(pixels: int) -> str:
    if pixels >= 100_000_000:
        return f"{pixels / 100_000_000:.1f}".removesuffix(".0") + " 亿像素"
    return f"{math.ceil(pixels / 10_000)} 万像素"
