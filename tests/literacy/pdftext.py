"""The text of a PDF, for tests: pypdf when it is installed, else a small reader of what WeasyPrint writes.

WeasyPrint embeds subset fonts and draws text as glyph ids (hex strings in TJ arrays); each font
carries a ToUnicode CMap from glyph id to characters. This reader follows exactly that: objects
(also inside compressed object streams), the fonts named in page resources, their CMaps, and the
`Tf` / `TJ` / `Tj` operators of the content streams. It is not a general PDF parser.
"""

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_STREAM = re.compile(rb"^(<<.*?>>)\s*stream\r?\n(.*)\r?\nendstream$", re.S)
_NAMED_REF = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+(\d+) 0 R")
_TOKENS = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)|(TJ|Tj|ET|Tm|T\*|Td|TD|')")


def _objects(pdf: bytes) -> dict[int, bytes]:
    objects = {int(n): body for n, body in _OBJ.findall(pdf)}
    for n, body in list(objects.items()):
        m = _STREAM.match(body)
        if m and b"/ObjStm" in m.group(1):
            data = zlib.decompress(m.group(2))
            first = int(re.search(rb"/First (\d+)", m.group(1)).group(1))
            head = [int(x) for x in data[:first].split()]
            pairs = list(zip(head[::2], head[1::2]))
            for i, (num, off) in enumerate(pairs):
                end = pairs[i + 1][1] if i + 1 < len(pairs) else len(data) - first
                objects[num] = data[first + off:first + end].strip()
    return objects


def _stream(body: bytes) -> bytes | None:
    m = _STREAM.match(body)
    if not m:
        return None
    data = m.group(2)
    return zlib.decompress(data) if b"/FlateDecode" in m.group(1) else data


def _cmap(data: bytes) -> dict[str, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            table[src.decode().lower()] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            width = len(lo)
            base = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                table[f"{code:0{width}x}"] = chr(base + i)
    return table


def _weasy_text(pdf: bytes) -> str:
    objects = _objects(pdf)
    cmaps = {}
    for n, body in objects.items():
        ref = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if ref and int(ref.group(1)) in objects:
            cmaps[n] = _cmap(_stream(objects[int(ref.group(1))]) or b"")
    fonts = {}
    for body in objects.values():  # page resources name the fonts: /XKQQSR 12 0 R
        for name, num in _NAMED_REF.findall(body):
            if int(num) in cmaps:
                fonts[name] = cmaps[int(num)]
    out = []
    for body in objects.values():
        data = _stream(body) if body.startswith(b"<<") else None
        if not data or b"Tf" not in data:
            continue
        table = {}
        for font, hexstr, literal, op in _TOKENS.findall(data):
            if font:
                table = fonts.get(font, {})
            elif hexstr:
                h = re.sub(rb"\s", b"", hexstr).decode().lower()
                out.append("".join(table.get(h[i:i + 4], "") for i in range(0, len(h), 4)))
            elif literal:
                out.append(literal.decode("latin-1"))
            elif op in (b"ET", b"Tm", b"T*", b"Td", b"TD", b"'"):
                out.append("\n")
    return re.sub(r"[ \t]+", " ", "".join(out))


def pdf_text(pdf: bytes) -> str:
    try:
        import io

        from pypdf import PdfReader
    except ImportError:
        return _weasy_text(pdf)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def page_count(pdf: bytes) -> int:
    objects = _objects(pdf)
    return sum(1 for body in objects.values() if re.search(rb"/Type\s*/Page(?![s\w])", body))
