"""Helpers for the signing tests: in-memory and failing keyrings, a small Chinese PDF."""

from __future__ import annotations

import io
from pathlib import Path

import keyring.errors
from keyring.backend import KeyringBackend

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
PASSPHRASE = "正确的口令-2019"


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring: a dict, nothing leaves the process."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class LockedKeyring(MemoryKeyring):
    """A real-looking back-end whose calls fail the way a locked Secret Service does."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


def make_pdf(text: str = "整改报告：执法案卷倒查问题整改情况") -> bytes:
    """A one-page A4 PDF with Chinese text in the bundled, embedded WenQuanYi Micro Hei."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(FONT), subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("WQY", 16)
    c.drawString(72, 760, text)
    c.setFont("WQY", 12)
    c.drawString(72, 730, "一、问题清单　二、整改措施　三、销号情况")
    c.showPage()
    c.save()
    return buf.getvalue()


def append_content_update(data: bytes) -> bytes:
    """A later incremental update that replaces the page's content (what a forger would do)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td (FORGED) Tj ET"))
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
