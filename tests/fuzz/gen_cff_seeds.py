#!/usr/bin/env python3
"""Writes small OpenType/CFF fonts for the cffview fuzz corpus (tests/fuzz/corpus/cffview/).

The fonts are made up here: a CID-keyed CFF with two font DICTs, local and global subroutines,
in two layouts (FDArray after the CharStrings, as Noto CJK has it, and before them), and a
name-keyed CFF whose Private DICT follows the CharStrings.  Offsets in DICTs are 5-byte
integers so the layout can be computed in one pass.  Outlines are a box per glyph.
Each seed starts with the fuzz target's two parameter bytes: the capacity
(16 + 64 * b0 bytes) and the glyph pick (b1 bit 0: face index, bit 1: every glyph but the last).  The last
seed has 4-byte CharStrings offsets, so that a view holding every glyph is still smaller and the
fuzz target can compare outlines.
Usage: gen_cff_seeds.py OUTDIR"""
import os
import struct
import sys


def index(items, size=None):
    if not items:
        return b"\0\0"
    offs, pos = [], 1
    for it in items:
        offs.append(pos)
        pos += len(it)
    offs.append(pos)
    if size is None:
        size = 1 if pos < 0x100 else 2 if pos < 0x10000 else 3 if pos < 0x1000000 else 4
    out = struct.pack(">HB", len(items), size)
    for o in offs:
        out += o.to_bytes(size, "big")
    return out + b"".join(items)


def num(v):
    if -107 <= v <= 107:
        return bytes([v + 139])
    return b"\x1d" + struct.pack(">i", v)


def off5(v):
    return b"\x1d" + struct.pack(">i", v)


def op(code):
    return bytes([12, code - 1200]) if code >= 1200 else bytes([code])


def csnum(v):
    """A Type 2 charstring number (29 there is callgsubr, not an integer)."""
    if -107 <= v <= 107:
        return bytes([v + 139])
    return b"\x1c" + struct.pack(">h", v)


def charstring(i):
    # width, rmoveto, a box with rlinetos, a call to a local and a global subr, endchar
    s = csnum(500 + i) + csnum(50) + csnum(0) + bytes([21])
    s += csnum(400) + bytes([6]) + csnum(600 + i) + bytes([7]) + csnum(-400) + bytes([6])
    s += csnum(-107) + bytes([10])     # callsubr: bias 107 with < 1240 subrs -> subr 0
    s += csnum(-107) + bytes([29])     # callgsubr -> gsubr 0
    return s + bytes([14])


def build(kind, nglyphs=40, cs_off_size=None):
    strings = [b"Seed", b"Identity", b"SeedFD0", b"SeedFD1"]
    sid = lambda k: 391 + k
    gsubrs = [bytes([11])]                       # return
    lsubrs = [bytes([11]), csnum(1) + csnum(1) + bytes([5, 11])]
    chars = [charstring(i) for i in range(nglyphs)]
    cs_index = index(chars, cs_off_size)
    header = bytes([1, 0, 4, 4])
    names = index([b"SeedFont"])
    string_index = index(strings)
    gsub_index = index(gsubrs)
    lsub_index = index(lsubrs)

    def private(with_subrs_after):
        body = num(-20) + num(20) + bytes([6]) + num(0) + bytes([20]) + num(0) + bytes([21])
        return body + off5(0) + bytes([19]) if with_subrs_after else body

    # a Private DICT whose Subrs follow it directly: the Subrs operand is its own length
    p0 = private(True)
    p0 = p0[:-6] + off5(len(p0)) + bytes([19])
    priv_blob = p0 + lsub_index          # one Private + Subrs, used by both FDs

    if kind == "cid":
        charset = bytes([2]) + struct.pack(">HH", 1, nglyphs - 2)
        fdselect = bytes([3]) + struct.pack(">HHBHBH", 2, 0, 0, 20, 1, nglyphs)
        placeholder_top = lambda c, cs, fda, fds: (
            num(sid(0)) + num(sid(1)) + num(0) + op(1230) + num(nglyphs) + op(1234)
            + off5(c) + bytes([15]) + off5(fds) + op(1237) + off5(cs) + bytes([17]) + off5(fda) + op(1236))
        fd = lambda name, poff: num(sid(name)) + op(1238) + num(len(p0)) + off5(poff) + bytes([18])
        return header, names, string_index, gsub_index, charset, fdselect, cs_index, fd, placeholder_top, priv_blob
    return None


def cid_font(fdarray_first, nglyphs=40, cs_off_size=None):
    header, names, strings, gsubs, charset, fdselect, cs, fd, top, priv = build("cid", nglyphs, cs_off_size)
    top_len = len(top(0, 0, 0, 0))
    pre = len(header) + len(names) + len(index([b"x" * top_len])) + len(strings) + len(gsubs)
    c_off = pre
    fds_off = c_off + len(charset)
    after = fds_off + len(fdselect)
    fda_len = len(index([fd(2, 0), fd(3, 0)]))
    if fdarray_first:
        fda_off = after
        priv_off = fda_off + fda_len
        cs_off = priv_off + len(priv)
    else:
        cs_off = after
        fda_off = cs_off + len(cs)
        priv_off = fda_off + fda_len
    fdarray = index([fd(2, priv_off), fd(3, priv_off)])
    top_index = index([top(c_off, cs_off, fda_off, fds_off)])
    body = header + names + top_index + strings + gsubs + charset + fdselect
    body += (fdarray + priv + cs) if fdarray_first else (cs + fdarray + priv)
    return body


def name_keyed_font():
    nglyphs = 30
    header = bytes([1, 0, 4, 4])
    names = index([b"SeedLatin"])
    strings = index([])
    gsubs = index([bytes([11])])
    cs = index([charstring(i) for i in range(nglyphs)])
    p = num(-20) + num(20) + bytes([6]) + off5(0) + bytes([19])
    p = p[:-6] + off5(len(p)) + bytes([19])
    priv = p + index([bytes([11]), bytes([11])])
    top = lambda c, csoff, poff: off5(c) + bytes([15]) + off5(csoff) + bytes([17]) + num(len(p)) + off5(poff) + bytes([18])
    top_len = len(top(0, 0, 0))
    pre = len(header) + len(names) + len(index([b"x" * top_len])) + len(strings) + len(gsubs)
    charset = bytes([1]) + struct.pack(">HB", 391, nglyphs - 2)
    cs_off = pre + len(charset)
    priv_off = cs_off + len(cs)
    return header + names + index([top(pre, cs_off, priv_off)]) + strings + gsubs + charset + cs + priv


def otto(cff, nglyphs, collection=False):
    """An OpenType font: the CFF table and the few tables FreeType needs to open one."""
    head = struct.pack(">IIIIHHQQhhhhHHhhh", 0x10000, 0x10000, 0, 0x5F0F3CF5, 0, 1000, 0, 0,
                       0, -120, 1000, 880, 0, 8, 2, 0, 0)
    hhea = struct.pack(">IhhhHhhhhhhhhhhhH", 0x10000, 880, -120, 0, 1000, 0, 0, 1000, 1, 0, 0,
                       0, 0, 0, 0, 0, nglyphs)
    maxp = struct.pack(">IH", 0x5000, nglyphs)
    hmtx = b"".join(struct.pack(">Hh", 500 + i, 50) for i in range(nglyphs))
    tables = sorted({b"CFF ": cff, b"head": head, b"hhea": hhea, b"maxp": maxp, b"hmtx": hmtx}.items())
    base = 12 + 4 if collection else 0
    pos = base + 12 + 16 * len(tables)
    records, body = b"", b""
    for tag, data in tables:
        pos += (-pos) % 4
        body += b"\0" * ((-(base + 12 + 16 * len(tables) + len(body))) % 4)
        records += tag + struct.pack(">III", 0, pos, len(data))
        body += data
        pos += len(data)
    out = b"OTTO" + struct.pack(">HHHH", len(tables), 16, 0, 0) + records
    if collection:
        out = b"ttcf" + struct.pack(">HHI", 1, 0, 1) + struct.pack(">I", 16) + out
    return out + body


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    seeds = {
        "cid-fdarray-after": bytes([4, 0]) + otto(cid_font(False), 40),
        "cid-fdarray-before": bytes([4, 4]) + otto(cid_font(True), 40),
        "cid-collection": bytes([3, 8]) + otto(cid_font(False), 40, collection=True),
        "cid-too-small": bytes([4, 2]) + otto(cid_font(False), 40),
        "cid-every-glyph": bytes([72, 2]) + otto(cid_font(False, 200, 4), 200),
        "name-keyed": bytes([4, 0]) + otto(name_keyed_font(), 30),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
