"""A small .xlsx writer for the reports' files: rows go straight into the zip as XML text,
a few microseconds a cell, so a year of tickets (130,000 rows) takes seconds. openpyxl,
even in its write-only mode, built and serialized an object per cell: about a minute.

Rules:
- A cell is None (left empty), an int or float (a number; NaN and infinities left empty),
  a date (a number shown as yyyy-mm-dd) or anything else as its text (an inline string,
  XML-escaped; characters XML cannot carry are dropped; at most 32,767, Excel's limit).
- Each sheet's first row is its header: bold, frozen in place while scrolling.
- Sheet titles are unique, at most 31 characters, without []:*?/\\ (Excel's rules).
- The parts are those Excel, LibreOffice and openpyxl need: content types, relationships,
  the workbook, the styles and the sheets.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import date, datetime
from xml.sax.saxutils import escape

EPOCH = date(1899, 12, 30).toordinal()   # Excel's day 0 (its 1900 leap-year bug included)
BOLD, DAY = 1, 2                        # the styles of styles.xml's cellXfs
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
NOT_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
MAX_TEXT = 32767

STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<sheetViews><sheetView workbookViewId="0"{selected}><pane ySplit="1" topLeftCell="A2" '
              'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
              '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>{cols}<sheetData>')
SHEET_FOOT = "</sheetData></worksheet>"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: object) -> str:
    """A string cell's end: its type and inline text."""
    text = NOT_XML.sub("", str(value))[:MAX_TEXT]
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f' t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


class Sheet:
    def __init__(self, book: "Book", title: str, header: list | tuple, widths: dict[str, float]):
        self.title = title
        self.rows = 0
        self._letters: list[str] = []
        self._texts = book._texts
        # Without Zip64 extensions (some readers stumble on them): a year's sheet is far below 2 GB.
        self._part = book._zip.open(f"xl/worksheets/sheet{len(book.sheets) + 1}.xml", "w")
        self._out = io.TextIOWrapper(self._part, encoding="utf-8", newline="")
        cols = "".join(f'<col min="{_column_number(c)}" max="{_column_number(c)}" width="{w}" customWidth="1"/>'
                       for c, w in sorted(widths.items(), key=lambda cw: _column_number(cw[0])))
        self._out.write(SHEET_HEAD.format(selected=' tabSelected="1"' if not book.sheets else "",
                                          cols=f"<cols>{cols}</cols>" if cols else ""))
        self._write(header, BOLD)

    def append(self, values: list | tuple) -> None:
        self._write(values, 0)

    def _write(self, values, style: int) -> None:
        self.rows += 1
        row = self.rows
        letters = self._letters
        while len(letters) < len(values):
            letters.append(column_letter(len(letters)))
        bold = f' s="{BOLD}"' if style == BOLD else ""
        texts = self._texts
        cells = []
        for i, v in enumerate(values):
            if v is None:
                continue
            kind = type(v)
            if kind is int or kind is float:
                if kind is float and not math.isfinite(v):
                    continue
                cells.append(f'<c r="{letters[i]}{row}"{bold}><v>{v!r}</v></c>')
            elif kind is str:
                end = texts.get(v)
                if end is None:
                    end = texts[v] = _text(v)   # a year repeats its services, clerks and times
                cells.append(f'<c r="{letters[i]}{row}"{bold}{end}')
            elif kind is bool:
                cells.append(f'<c r="{letters[i]}{row}"{bold} t="b"><v>{int(v)}</v></c>')
            elif kind is date or kind is datetime:
                serial = v.toordinal() - EPOCH
                cells.append(f'<c r="{letters[i]}{row}" s="{DAY}"><v>{serial}</v></c>')
            elif isinstance(v, (int, float)):   # numpy-like and int subclasses: as numbers
                cells.append(f'<c r="{letters[i]}{row}"{bold}><v>{float(v)!r}</v></c>')
            else:
                cells.append(f'<c r="{letters[i]}{row}"{bold}{_text(v)}')
        self._out.write(f'<row r="{row}">{"".join(cells)}</row>')

    def _close(self) -> None:
        self._out.write(SHEET_FOOT)
        self._out.close()


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


class Book:
    """Sheets written one after the other (a sheet is finished when the next begins);
    `finish()` gives the file's bytes."""

    def __init__(self, compresslevel: int = 1):
        # zlib's fastest level: at its default (6) the compression took 40% of a year's
        # writing, for a file a fifth smaller
        self._buffer = io.BytesIO()
        self._zip = zipfile.ZipFile(self._buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self.sheets: list[Sheet] = []
        self._texts: dict[str, str] = {}

    def sheet(self, title: str, header: list | tuple, widths: dict[str, float] | None = None) -> Sheet:
        if self.sheets:
            self.sheets[-1]._close()
        sheet = Sheet(self, self._title(title), header, widths or {})
        self.sheets.append(sheet)
        return sheet

    def _title(self, title: str) -> str:
        base = NOT_IN_TITLE.sub(" ", title)[:31].strip() or "Sheet"
        taken = {s.title.casefold() for s in self.sheets}
        candidate, n = base, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{base[:31 - len(str(n)) - 1]} {n}"
        return candidate

    def finish(self) -> bytes:
        if not self.sheets:
            self.sheet("Sheet", [])
        self.sheets[-1]._close()
        n = len(self.sheets)
        z = self._zip
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                      for i in range(1, n + 1))
            + "</Types>"))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'))
        z.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
            + "".join(f'<sheet name="{escape(s.title, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, s in enumerate(self.sheets, 1))
            + "</sheets></workbook>"))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" '
                      'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                      f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>'))
        z.writestr("xl/styles.xml", STYLES)
        z.close()
        return self._buffer.getvalue()
