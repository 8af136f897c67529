"""Media checks: photos and attachments are what their names say; nothing active is published."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image
from support import DISCLOSURE, ROOT, STORY, problems

from gongkai.data.media import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_TYPES,
    PHOTO_MAX_BYTES,
    PHOTO_TYPES,
    ZIP_MAX_ENTRIES,
    check_media,
)

PHOTO_ONLY = "照片只能是 JPEG、PNG、WebP 或 GIF 图片"


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def _image(path: Path, fmt: str, size: tuple[int, int] = (64, 48)) -> Path:
    image = Image.new("RGB", size, (200, 60, 40))
    image.save(path, fmt)
    return path


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _ooxml(path: Path | io.BytesIO, folder: str, extra: dict[str, bytes] | None = None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(f"{folder}/document.xml", '<?xml version="1.0"?><document/>')
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def _odf(path: Path, mimetype: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
    return path


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _blank_bilevel_png(path: Path, width: int, height: int) -> Path:
    """A real 1-bit PNG of zeros, compressed row by row: kilobytes on disk, never in memory."""
    packer = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte 0, then the packed pixels
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
    path.write_bytes(png + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.jpg", "JPEG"),
        ("a.jpeg", "JPEG"),
        ("A.JPG", "JPEG"),
        ("a.png", "PNG"),
        ("a.webp", "WEBP"),
        ("a.gif", "GIF"),
    ],
)
def test_photos_of_the_four_formats_are_accepted_in_both_roles(tmp_path, name, fmt):
    path = _image(tmp_path / name, fmt)
    assert check_media(path, "photo") is None
    assert check_media(path, "attachment") is None


def test_documents_are_accepted_as_attachments(tmp_path):
    accepted = [
        _bytes(tmp_path / "通知.pdf", MINIMAL_PDF),
        _ooxml(tmp_path / "a.docx", "word"),
        _ooxml(tmp_path / "a.xlsx", "xl"),
        _ooxml(tmp_path / "a.pptx", "ppt"),
        _odf(tmp_path / "a.odt", "application/vnd.oasis.opendocument.text"),
        _odf(tmp_path / "a.ods", "application/vnd.oasis.opendocument.spreadsheet"),
        _bytes(tmp_path / "a.doc", OLE2_MAGIC + bytes(504)),
        _bytes(tmp_path / "a.xls", OLE2_MAGIC + bytes(504)),
    ]
    for path in accepted:
        assert check_media(path, "attachment") is None, path.name


def test_the_accepted_types():
    assert PHOTO_TYPES == {".jpg", ".jpeg", ".png", ".webp", ".gif"}
    assert PHOTO_TYPES < ATTACHMENT_TYPES
    assert ATTACHMENT_TYPES - PHOTO_TYPES == {
        ".pdf",
        ".docx",
        ".xlsx",
        ".pptx",
        ".doc",
        ".xls",
        ".ppt",
        ".odt",
        ".ods",
        ".odp",
    }


def test_an_svg_with_a_script_is_refused(tmp_path):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    path = _bytes(tmp_path / "x.svg", svg)
    assert check_media(path, "photo") == (
        "文件“x.svg”的类型不能发布：照片只能是 JPEG、PNG、WebP 或 GIF 图片（SVG 可能含有脚本）"
    )
    assert "（SVG 可能含有脚本）" in check_media(path, "attachment")


def test_web_pages_and_scripts_are_refused(tmp_path):
    page = _bytes(tmp_path / "通知.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    script = _bytes(tmp_path / "app.js", b"alert(1)")
    assert check_media(page, "attachment") == (
        "文件“通知.html”的类型不能发布：附件只能是 PDF 文件、Office 文档（.docx、.xlsx、.pptx、"
        ".doc、.xls、.ppt、.odt、.ods、.odp）或 JPEG、PNG、WebP、GIF 图片（网页可能含有脚本）"
    )
    assert check_media(script, "photo") == (
        f"文件“app.js”的类型不能发布：{PHOTO_ONLY}（这是脚本文件）"
    )
    assert check_media(_bytes(tmp_path / "README", b"hello"), "attachment").endswith(
        "（文件名没有扩展名）"
    )


def test_a_web_page_named_jpg_is_refused(tmp_path):
    path = _bytes(tmp_path / "通知.jpg", b"<!doctype html>\n<html><body onload=alert(1)></html>")
    assert check_media(path, "photo") == (
        "文件“通知.jpg”的扩展名是 .jpg，但内容不是 JPEG 图片（看起来是 HTML 网页）："
        "请用图片软件另存为 JPEG 后再上传"
    )


def test_an_svg_named_png_is_refused(tmp_path):
    path = _bytes(
        tmp_path / "x.png", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    assert "（看起来是 SVG 图片）" in check_media(path, "photo")


def test_a_png_named_pdf_is_refused(tmp_path):
    path = _image(tmp_path / "x.pdf", "PNG")
    assert check_media(path, "attachment") == (
        "文件“x.pdf”的扩展名是 .pdf，但内容不是 PDF 文件（看起来是 PNG 图片）："
        "请把扩展名改为 .png，或用原来的软件重新导出为 PDF 后再上传"
    )


def test_a_png_named_gif_is_refused(tmp_path):
    path = _image(tmp_path / "x.gif", "PNG")
    assert check_media(path, "photo") == (
        "文件“x.gif”的扩展名是 .gif，但内容不是 GIF 图片（看起来是 PNG 图片）："
        "请把扩展名改为 .png，或用图片软件另存为 GIF 后再上传"
    )


def test_a_photo_type_refuses_documents(tmp_path):
    path = _bytes(tmp_path / "x.pdf", MINIMAL_PDF)
    assert check_media(path, "photo") == (
        f"文件“x.pdf”的类型不能发布：{PHOTO_ONLY}（PDF 和 Office 文档只能作为附件）"
    )


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_a_truncated_image_is_refused(tmp_path, fmt):
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, fmt)
    data = buffer.getvalue()
    ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[fmt]
    path = _bytes(tmp_path / f"x.{ext}", data[: len(data) // 2])
    label = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}[fmt]
    assert check_media(path, "photo") == (
        f"文件“x.{ext}”是 {label} 图片，但已损坏或不完整（图片无法完整读出，可能没有上传完）："
        f"请用图片软件另存为 {label} 后再上传"
    )


def test_a_decompression_bomb_is_refused_without_decoding_it(tmp_path):
    path = _blank_bilevel_png(tmp_path / "bomb.png", 30000, 30000)
    assert path.stat().st_size < 200_000
    assert check_media(path, "photo") == (
        "文件“bomb.png”的图片有约 9 亿像素，超过上限 5000 万像素：请用图片软件缩小后再上传"
    )


def test_an_image_over_the_pixel_cap_but_under_pillows_is_refused(tmp_path):
    path = _blank_bilevel_png(tmp_path / "big.png", 8000, 8000)
    assert check_media(path, "attachment") == (
        "文件“big.png”的图片有 8000×8000 像素（约 6400 万像素），超过上限 5000 万像素："
        "请用图片软件缩小后再上传"
    )


def test_a_zip_bomb_named_docx_is_refused_by_its_ratio(tmp_path):
    path = tmp_path / "bomb.docx"
    zeros = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:
            for _ in range(64):
                part.write(zeros)
    message = check_media(path, "attachment")
    assert message.startswith("文件“bomb.docx”中的“word/document.xml”压缩了约 ")
    assert message.endswith(
        "倍，超过上限 200 倍，可能是恶意构造的“压缩炸弹”，不能发布："
        "请用 Office 或 WPS 打开后重新另存为 .docx 再上传"
    )


def test_a_zip_that_claims_a_gigabyte_is_refused_from_its_directory(tmp_path):
    path = _ooxml(tmp_path / "bomb.docx", "word")
    data = bytearray(path.read_bytes())
    # the document part's uncompressed size in the central directory (offset 24): 1 GiB
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 63] != b"word/document.xml":
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 24 : entry + 28] = struct.pack("<I", 1 << 30)
    path.write_bytes(bytes(data))
    message = check_media(path, "attachment")
    assert message.startswith("文件“bomb.docx”解压后有 1024.1 MB，超过上限 512 MB，")
    assert "压缩炸弹" in message


def test_a_zip_of_too_many_parts_is_refused(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for index in range(ZIP_MAX_ENTRIES):
            archive.writestr(f"xl/p{index}.xml", "")
    assert check_media(path, "attachment").startswith(
        f"文件“many.xlsx”包含 {ZIP_MAX_ENTRIES + 1} 个部件，超过上限 {ZIP_MAX_ENTRIES} 个，"
    )


def test_office_documents_must_agree_with_their_extension(tmp_path):
    sheet = _ooxml(tmp_path / "表.docx", "xl")
    assert check_media(sheet, "attachment") == (
        "文件“表.docx”的扩展名是 .docx，但内容不是 Word 文档（看起来是 Excel 表格）："
        "请把扩展名改为 .xlsx，或用 Office 或 WPS 打开后另存为 .docx 再上传"
    )
    plain = tmp_path / "a.xlsx"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("index.html", "<html><script>alert(1)</script></html>")
    assert "（看起来是 ZIP 压缩包）" in check_media(plain, "attachment")
    text = _odf(tmp_path / "a.ods", "application/vnd.oasis.opendocument.text")
    assert "（看起来是 ODF 文字文档）" in check_media(text, "attachment")
    pdf = _bytes(tmp_path / "b.docx", MINIMAL_PDF)
    assert "（看起来是 PDF 文件）" in check_media(pdf, "attachment")
    assert "（看起来是 HTML 网页）" in check_media(
        _bytes(tmp_path / "c.doc", b"<html><body>x</body></html>"), "attachment"
    )


def test_a_web_page_with_a_zip_appended_is_not_a_document(tmp_path):
    buffer = io.BytesIO()
    _ooxml(buffer, "word")
    page = b"<html><script>alert(1)</script></html>"
    path = _bytes(tmp_path / "a.docx", page + buffer.getvalue())
    assert zipfile.is_zipfile(path)
    assert "（看起来是 HTML 网页）" in check_media(path, "attachment")


def test_a_pdf_must_start_with_its_header_and_end_with_eof(tmp_path):
    junk = _bytes(tmp_path / "a.pdf", b"<html><script>alert(1)</script></html>\n" + MINIMAL_PDF)
    assert "（看起来是 HTML 网页）" in check_media(junk, "attachment")
    cut = _bytes(tmp_path / "b.pdf", MINIMAL_PDF[:-7])
    assert check_media(cut, "attachment") == (
        "文件“b.pdf”是 PDF 文件，但已损坏或不完整（结尾缺少 %%EOF，可能没有上传完）："
        "请用原来的软件重新导出为 PDF 后再上传"
    )


def _pdf_with(objects: bytes) -> bytes:
    return MINIMAL_PDF.replace(b"trailer", objects + b"trailer")


ACTIVE_PDF = "请用原来的软件重新导出为 PDF（或“打印”为 PDF）后再上传"


@pytest.mark.parametrize(
    ("objects", "what"),
    [
        (b"3 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n", "JavaScript 脚本"),
        (
            b"3 0 obj\n<< /S /J#61vaScript /J#53 (app.alert(1)) >>\nendobj\n",
            "JavaScript 脚本",
        ),  # #61 is a, #53 S
        (b"3 0 obj\n<< /S /Launch /F (cmd.exe) >>\nendobj\n", "启动程序的动作"),
        (b"3 0 obj\n<< /Names << /EmbeddedFiles 4 0 R >> >>\nendobj\n", "夹带的文件"),
        (b"3 0 obj\n<< /XFA 4 0 R >>\nendobj\n", "XFA 表单脚本"),
    ],
)
def test_a_pdf_that_would_run_something_is_refused(tmp_path, objects, what):
    pdf = _bytes(tmp_path / "a.pdf", _pdf_with(objects))
    assert check_media(pdf, "attachment") == (
        f"文件“a.pdf”是 PDF 文件，但含有{' ' if what[0].isascii() else ''}{what}，打开时会自动运行或打开其他内容，不能发布：{ACTIVE_PDF}"
    )


@pytest.mark.parametrize(
    "kind",
    [
        b"/Type /ObjStm",
        b"/Type %% x\n/Obj#53tm",  # a comment between the tokens, a letter written #xx
    ],
)
def test_a_script_hidden_in_a_compressed_object_stream_is_found(tmp_path, kind):
    inside = zlib.compress(b"3 0 << /S /JavaScript /JS (app.alert(1)) >>")
    stream = (
        b"5 0 obj\n<< "
        + kind
        + b" /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n"
    )
    pdf = _bytes(tmp_path / "a.pdf", _pdf_with(stream % (len(inside), inside)))
    assert "含有 JavaScript 脚本" in check_media(pdf, "attachment")


@pytest.mark.parametrize(
    "objects",
    [
        # "stream" inside a string does not hide what follows (the whole file is read, streams included)
        b"3 0 obj\n<< /Title (x stream\n) >>\nendobj\n4 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n% endstream\n",
        b"3 0 obj\n<< /S %c\n/JavaScript /JS (app.alert(1)) >>\nendobj\n",  # a comment between the tokens
    ],
)
def test_tricks_around_a_script_do_not_hide_it(tmp_path, objects):
    assert "含有 JavaScript 脚本" in check_media(
        _bytes(tmp_path / "a.pdf", _pdf_with(objects)), "attachment"
    )


@pytest.mark.parametrize(
    "objects",
    [
        b"3 0 obj\n<< /URI (https://developer.mozilla.org/docs/Web/JavaScript) /S /URI >>\nendobj\n",  # a link
        b"3 0 obj\n<< /Title (D:/JS/2025/report.docx) /Producer (Microsoft Word) >>\nendobj\n",
        b"3 0 obj\n<< /Type /Font /BaseFont /JS-Kaiti >>\nendobj\n",  # a font whose name starts with JS
        b"3 0 obj\n<< /Type /Font /BaseFont /ABCDEF+XFA /Encoding /Identity-H >>\nendobj\n",
    ],
)
def test_words_that_only_look_active_pass(tmp_path, objects):
    assert check_media(_bytes(tmp_path / "a.pdf", _pdf_with(objects)), "attachment") is None


def test_binary_stream_data_that_happens_to_read_js_is_not_a_script(tmp_path):
    """A photo's bytes in a PDF hold "/JS" and the like now and then: only a name with what must
    stand around it counts (a string or a reference after /JS, /S before /Launch)."""
    data = b"\xff\xd8/JS /Launch\x00/XFA /JavaScript\x01" * 100
    stream = b"6 0 obj\n<< /Type /XObject /Subtype /Image /Filter /DCTDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n"
    pdf = _bytes(tmp_path / "a.pdf", _pdf_with(stream % (len(data), data)))
    assert check_media(pdf, "attachment") is None


def test_files_over_the_size_limits_are_refused(tmp_path):
    pdf = _bytes(tmp_path / "big.pdf", MINIMAL_PDF)
    with open(pdf, "r+b") as f:
        f.truncate(ATTACHMENT_MAX_BYTES + 1)  # sparse: nothing is written
    assert check_media(pdf, "attachment") == (
        "文件“big.pdf”有 50.1 MB，超过附件的上限 50 MB：请压缩或拆分后再上传"
    )
    photo = _image(tmp_path / "big.jpg", "JPEG")
    with open(photo, "r+b") as f:
        f.truncate(83 * 1024 * 1024)
    assert check_media(photo, "photo") == (
        "文件“big.jpg”有 83 MB，超过照片的上限 20 MB：请缩小或压缩后再上传"
    )
    assert PHOTO_MAX_BYTES < 83 * 1024 * 1024 < ATTACHMENT_MAX_BYTES * 2


def test_a_symlink_is_refused_even_to_a_good_file(tmp_path):
    target = _image(tmp_path / "real.jpg", "JPEG")
    link = tmp_path / "link.jpg"
    link.symlink_to(target)
    assert check_media(link, "photo") == (
        "文件“link.jpg”是一个符号链接（快捷方式），不是真正的文件，不能发布："
        "请把文件本身复制到 data/media/ 中"
    )


def test_empty_missing_and_folder_paths_are_refused(tmp_path):
    assert "是空的（0 字节）" in check_media(_bytes(tmp_path / "a.png", b""), "photo")
    assert check_media(tmp_path / "none.png", "photo").startswith("找不到文件“none.png”")
    (tmp_path / "dir.png").mkdir()
    assert "不是普通文件" in check_media(tmp_path / "dir.png", "photo")


def test_an_unknown_role_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError):
        check_media(_image(tmp_path / "a.png", "PNG"), "banner")


def _demo_media() -> list[tuple[Path, str]]:
    media = ROOT / "data" / "media"
    roles = {"photos": "photo", "attachments": "attachment"}
    return [
        (path, roles[path.relative_to(media).parts[0]])
        for path in sorted(media.rglob("*"))
        if path.is_file()
    ]


def test_the_demo_media_all_pass():
    files = _demo_media()
    assert {role for _, role in files} == {"photo", "attachment"}
    refused = {p.name: m for p, role in files if (m := check_media(p, role)) is not None}
    assert refused == {}


# -- active content ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "field", "expected"),
    [
        (
            "photos/x.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "photo",
            "照片只能是",
        ),
        ("photos/x.jpg", b"<html><script>alert(1)</script></html>", "photo", "不是 JPEG"),
        ("docs/x.html", b"<html><script>alert(1)</script></html>", "attachment", "网页"),
        ("docs/x.js", b"alert(1)", "attachment", "脚本"),
    ],
)
def test_active_media_is_refused_by_content(tmp_path, name, content, field, expected):
    record = (
        STORY + f"photo: {name}\n"
        if field == "photo"
        else DISCLOSURE + f"attachments:\n  - {{file: {name}}}\n"
    )
    where = "stories/s.yml" if field == "photo" else "disclosures/x.yml"
    found = problems(tmp_path, {where: record, f"media/{name}": content})
    assert len(found) == 1 and found[0].startswith(f"data/{where}:") and expected in found[0]
