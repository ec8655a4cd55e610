"""Renders the demo's outputs as a person sees them: PDF with LibreOffice (headless), then PNG pages.

`make render` runs the demo, then this script, which converts `tong-hop.xlsx`, a district's feedback
workbook, its fix-it copy and a district's pre-filled Mẫu 2 (the `template` command) into
`demo/render/` (PDF and one PNG per page) and refreshes the screenshots the README shows in `docs/`.
It needs LibreOffice (`soffice`) and poppler's `pdftoppm`; `make render` installs them with apt-get
where they are missing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_OUTBOX = ROOT / "demo" / "outbox"
RENDERED = ROOT / "demo" / "render"
DOCS = ROOT / "docs"
DISTRICT = "huyen-cang-long"  # the demo district whose feedback and fix-it copy are shown
TIMEOUT = 300  # seconds for one conversion; the demo's workbook has ~140 pages


def to_pdf(workbook: Path, folder: Path) -> Path:
    """Converts a workbook to PDF with LibreOffice headless (a fresh profile each time: no first-run
    dialog, no lock left by another run); returns the PDF. Raises RuntimeError when it fails."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        completed = subprocess.run(
            [
                "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                "--convert-to", "pdf", "--outdir", str(folder), str(workbook),
            ],
            capture_output=True, text=True, timeout=TIMEOUT, check=False,
        )  # fmt: skip
    pdf = folder / (workbook.stem + ".pdf")
    if completed.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        raise RuntimeError(
            f"LibreOffice could not convert {workbook.name}: {completed.stderr.strip()[-500:]}"
        )
    return pdf


def to_png(pdf: Path, folder: Path, first: int = 1, last: int | None = None, dpi: int = 90) -> list[Path]:
    """Converts pages of a PDF to PNG with pdftoppm; returns the images in page order."""
    folder.mkdir(parents=True, exist_ok=True)
    prefix = folder / pdf.stem
    pages = ["-f", str(first)] + (["-l", str(last)] if last else [])
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", *pages, str(pdf), str(prefix)], check=True, timeout=TIMEOUT
    )
    return sorted(folder.glob(f"{pdf.stem}-*.png"))


def page_of(pdf: Path, text: str) -> int:
    """Returns the first page whose text holds `text` (the sheet name in the footer finds a sheet)."""
    completed = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    for number, page in enumerate(completed.stdout.split("\f"), start=1):
        if text in page:
            return number
    raise LookupError(f"no page of {pdf.name} holds {text!r}")


def render_demo() -> list[Path]:
    """Renders the demo's workbook, feedback workbook and fix-it copy; returns the screenshots written."""
    feedback = DEMO_OUTBOX / "phan-hoi" / f"{DISTRICT}.xlsx"
    copies = sorted((DEMO_OUTBOX / "phan-hoi" / DISTRICT).glob("*.xlsx"))
    if not feedback.exists() or not copies:
        raise SystemExit("Run `make demo` first: demo/outbox has no feedback workbook or fix-it copy.")
    shutil.rmtree(RENDERED, ignore_errors=True)
    template = RENDERED / "mau-2.xlsx"
    RENDERED.mkdir(parents=True)
    command = [sys.executable, "-m", "pipeline", "template", "--district", "Huyện Càng Long"]
    subprocess.run([*command, "--out", str(template)], check=True, cwd=ROOT, capture_output=True)
    sources = {
        "tong-hop": DEMO_OUTBOX / "tong-hop.xlsx",
        "phan-hoi": feedback,
        "can-sua": copies[0],
        "mau-2": template,
    }
    pdfs = {}
    for name, workbook in sources.items():
        staged = RENDERED / name / f"{name}.xlsx"  # a plain name: LibreOffice names the PDF after it
        staged.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(workbook, staged)
        pdfs[name] = to_pdf(staged, staged.parent)
        print(f"{workbook.relative_to(ROOT)} -> {pdfs[name].relative_to(ROOT)}")
    shots = {
        "tong-quan.png": (pdfs["tong-hop"], 1),
        "danh-sach-to.png": (pdfs["tong-hop"], page_of(pdfs["tong-hop"], "Danh sách tổ")),
        "thu-gui-huyen.png": (pdfs["phan-hoi"], 1),
        "can-sua.png": (pdfs["can-sua"], 1),
        "can-sua-o-danh-dau.png": (pdfs["can-sua"], 2),
        "mau-2-de-dien.png": (pdfs["mau-2"], 1),
    }
    DOCS.mkdir(exist_ok=True)
    written = []
    for target, (pdf, page) in shots.items():
        (image,) = to_png(pdf, pdf.parent / f"page-{page}", first=page, last=page)
        shutil.copyfile(image, DOCS / target)
        written.append(DOCS / target)
        print(f"page {page} of {pdf.name} -> docs/{target}")
    for name, pdf in pdfs.items():
        pages = to_png(pdf, pdf.parent, dpi=60)
        print(f"{name}: {len(pages)} PNG pages in {pdf.parent.relative_to(ROOT)}")
    return written


if __name__ == "__main__":
    missing = [tool for tool in ("soffice", "pdftoppm", "pdftotext") if shutil.which(tool) is None]
    if missing:
        sys.exit(f"Missing {', '.join(missing)}: apt-get install libreoffice-calc poppler-utils")
    render_demo()
