"""The funder report as CSV, XLSX and PDF. Aggregates only: every number has passed
harbour.impact.disclosure, and no row names a person, so these files are not personal data
(F2's gate is for personal data; docs/architecture.md, "Impact exports"). Each export is
audited by the view (services.report_export_record)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.utils.translation import gettext as _

from harbour.impact import charts, figures

CSV_HEADER = ["figure", "name", "period", "breakdown", "row", "column", "value", "suppressed", "unit", "threshold"]


def _flat(shown) -> list[list]:
    """One line per published entry (cells, row totals, column totals, total) of a Shown figure."""
    payload = shown.payload
    lines = []
    common = [payload["id"], str(shown.metric.name), payload["period"], payload["breakdown"]]
    tail = [payload["unit"], payload["threshold"]]
    for (label, cells, total) in shown.rows:
        for column, cell in zip(shown.columns, cells, strict=True):
            lines.append(common + [str(label), column, cell["value"], cell["suppressed"]] + tail)
        lines.append(common + [str(label), "total", total["value"], total["suppressed"]] + tail)
    for column, cell in zip(shown.columns, shown.column_totals, strict=True):
        lines.append(common + ["total", column, cell["value"], cell["suppressed"]] + tail)
    lines.append(common + ["total", "total", shown.total["value"], shown.total["suppressed"]] + tail)
    summary = figures.summary_entry(payload)
    if summary:
        # The share or median (row "summary", its unit SUMMARY_UNITS) and the count it rests on
        # (row "summary_base"); both empty with suppressed=True when the rules give none.
        lines.append(common + ["summary", summary["kind"], summary["value"], summary["suppressed"],
                               SUMMARY_UNITS[summary["kind"]], payload["threshold"]])
        lines.append(common + ["summary_base", summary["kind"], summary["base"], summary["suppressed"]] + tail)
    return lines


SUMMARY_UNITS = {"share": "percent", "median_hours": "hours"}


def summary_line(shown) -> tuple[str, object, str] | None:
    """(label, value or the word "suppressed", sentence) of a Shown figure's summary, in the
    reader's language, or None when it has none."""
    summary = figures.summary_entry(shown.payload)
    if not summary:
        return None
    label = (_("Overdue share (percent)") if summary["kind"] == "share"
             else _("Median time to first contact (hours)"))
    return label, _("suppressed") if summary["suppressed"] else summary["value"], shown.summary


def figures_csv(shown_figures: list, *, note: str) -> str:
    """CSV text (UTF-8, header row CSV_HEADER, one line per published entry; a suppressed value is
    empty with suppressed=True; a figure with a summary adds rows "summary" and "summary_base"),
    then the note as a last comment-like line."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for shown in shown_figures:
        for line in _flat(shown):
            writer.writerow(["" if v is None else v for v in line])
    writer.writerow([f"# {note}"])
    return out.getvalue()


def figures_xlsx(shown_figures: list, *, title: str, note: str) -> bytes:
    """An XLSX workbook: a "Figures" sheet (one table per figure, with its definition, rows by
    breakdown, columns by month, totals, then its summary if it has one) and a "Definitions"
    sheet. Suppressed entries hold the marker text, not a number."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures")[:31]
    bold = Font(bold=True)
    sheet.append([title])
    sheet["A1"].font = bold
    sheet.append([note])
    for shown in shown_figures:
        sheet.append([])
        sheet.append([str(shown.metric.name)])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append([str(shown.metric.definition)])
        sheet.append([str(shown.breakdown_label), *shown.columns, _("Total")])
        for label, cells, total in shown.rows:
            sheet.append([str(label), *[_value(c, shown) for c in cells], _value(total, shown)])
        sheet.append([_("Total"), *[_value(c, shown) for c in shown.column_totals], _value(shown.total, shown)])
        summary = summary_line(shown)
        if summary:
            sheet.append(list(summary))
    definitions = book.create_sheet(_("Definitions")[:31])
    definitions.append([_("Figure"), _("Definition"), _("Unit"), _("Source")])
    for shown in shown_figures:
        definitions.append([str(shown.metric.name), str(shown.metric.definition), shown.metric.unit,
                            shown.metric.source])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _value(cell: dict, shown):
    return cell["value"] if not cell["suppressed"] else charts.cell_text(cell, shown.payload["threshold"])


FONTS = Path(__file__).resolve().parent / "fonts"


def pdf_language(language: str) -> str:
    """The language a funder report's PDF is written in when the reader's language is
    `language` (a code of settings.LANGUAGES): itself where the vendored DejaVu Sans draws its
    script without a shaping engine (Latin, Cyrillic, Greek), else English. Arabic-script
    languages need contextual shaping and Tigrinya's Ge'ez script is not in the font, so their
    readers get the PDF in English and the HTML report, CSV and XLSX in their own language."""
    from django.utils.translation import get_language_info

    base = language.split("-")[0]
    if base == "ti" or get_language_info(language).get("bidi"):
        return "en"
    return language


def figures_pdf(shown_figures: list, *, title: str, note: str, language_note: str = "") -> bytes:
    """The funder report as a PDF (fpdf2 with the vendored DejaVu Sans, harbour/impact/fonts,
    whose licence is beside it): the title, the suppression `note`, an optional `language_note`,
    then each figure's name, definition, table and summary. Takes figures as
    selectors.organisation_figure returns them, already in the PDF's language (pdf_language);
    returns the PDF's bytes. Text is never replaced by "?": a character the font lacks would
    draw as an empty box, which tests/impact/test_pdf_scripts.py guards against for every
    staff language."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, str(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, str(note), new_x="LMARGIN", new_y="NEXT")
    if language_note:
        pdf.multi_cell(0, 5, str(language_note), new_x="LMARGIN", new_y="NEXT")
    for shown in shown_figures:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, str(shown.metric.name), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8)
        pdf.multi_cell(0, 4, str(shown.metric.definition), new_x="LMARGIN", new_y="NEXT")
        width = min(18, 130 / (len(shown.columns) + 1))
        label_width = 190 - width * (len(shown.columns) + 1)
        pdf.set_font("DejaVu", "B", 7)
        pdf.cell(label_width, 5, str(shown.breakdown_label), border=1)
        for column in [*shown.columns, _("Total")]:
            # The whole label ("2026-Q3", never "26-Q3"): a smaller font where it is too wide.
            column, size = str(column), 7.0
            while size > 4 and pdf.get_string_width(column) > width - 1:
                size -= 0.5
                pdf.set_font("DejaVu", "B", size)
            pdf.cell(width, 5, column, border=1, align="R")
            pdf.set_font("DejaVu", "B", 7)
        pdf.ln()
        pdf.set_font("DejaVu", "", 7)
        for label, cells, total in [*shown.rows, (_("Total"), shown.column_totals, shown.total)]:
            pdf.cell(label_width, 5, str(label)[:40], border=1)
            for cell in [*cells, total]:
                pdf.cell(width, 5, str(_value(cell, shown)), border=1, align="R")
            pdf.ln()
        summary = summary_line(shown)
        if summary:
            label, value, sentence = summary
            pdf.set_font("DejaVu", "", 8)
            pdf.multi_cell(0, 4, f"{label}: {value}. {sentence}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
