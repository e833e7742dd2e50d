"""The printable report of a class, one page (or more) per pupil, in French (fpdf2, pure Python).

Built from what `Privacy.export_data` gathers: per pupil, each positioning with its level and
its plain wording, and the family's observations. The core font (Helvetica) covers Latin-1: the
few French characters outside it (’ œ … « » are mapped, anything else becomes "?") are written
with their nearest Latin-1 form, so no font file has to ship with the service.
"""
from __future__ import annotations

import base64
from datetime import datetime

from fpdf import FPDF

_LATIN1 = str.maketrans({"’": "'", "‘": "'", "œ": "oe", "Œ": "OE", "…": "...", "–": "-", "—": "-",
                         "“": '"', "”": '"', "\u202f": " ", "\u00a0": " "})


def latin1(text: str) -> str:
    return (text or "").translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def render(export: dict) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(latin1(f"Bilans - {export['class_name']} ({export['school_year']})"))
    pdf.set_author("Classe à 12")
    pdf.set_creation_date(datetime.fromisoformat(export["exported_at"].replace("Z", "+00:00")))
    pdf.set_auto_page_break(auto=True, margin=15)
    width = 180
    for report in export["reports"]:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.multi_cell(width, 9, latin1(f"Bilan de {report['alias']}"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(width, 6, latin1(f"{export['class_name']} - {export['level']} - année scolaire "
                                        f"{export['school_year']}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(width, 8, latin1("Ce que l'élève a appris"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        if not report["items"]:
            pdf.multi_cell(width, 6, latin1("Pas encore de positionnement."), new_x="LMARGIN", new_y="NEXT")
        for item in report["items"]:
            pdf.multi_cell(width, 6, latin1(f"{item['date']} - {item['label']} : {item['level']}. {item['message']}"),
                           new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(width, 8, latin1("Observations de la famille"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        if not report["observations"]:
            pdf.multi_cell(width, 6, latin1("Aucune observation."), new_x="LMARGIN", new_y="NEXT")
        for obs in report["observations"]:
            text = " - ".join(part for part in (obs["label"], obs.get("note") or "") if part)
            pdf.multi_cell(width, 6, latin1(f"{obs['date']} - {text}"), new_x="LMARGIN", new_y="NEXT")
    if not export["reports"]:
        pdf.add_page()
        pdf.set_font("Helvetica", "", 12)
        pdf.multi_cell(width, 8, latin1(f"{export['class_name']} : aucun élève."), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def reports_reply(export: dict) -> dict:
    """The reply of export_reports: the PDF in base64 (a class is 30 pupils at most: some tens of
    kilobytes, well within an RPC message; decision 31)."""
    return {"class_id": export["class_id"], "filename": f"bilans-classe-{export['class_id']}.pdf",
            "content_type": "application/pdf", "pupils": len(export["reports"]),
            "pdf_base64": base64.b64encode(render(export)).decode("ascii")}
