#!/usr/bin/env python3
"""Write the pictures of tests/check-pictures.sh into DIR, byte by byte:
valid PNGs of every kind libharu's own loader mishandles, broken PNGs,
pictures whose size is a lie, other formats under a .jpg name, and JPEGs
derived from the small files in tests/hostile/pictures/.
Usage: pictures.py DIR [JPEG-DIR]"""
import os
import struct
import sys
import zlib

W, H = 24, 16


def chunk(kind, data, crc=None):
    c = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", c & 0xFFFFFFFF)


def ihdr(w, h, depth, ctype, interlace=0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, interlace))


def png(w, h, depth, ctype, rows, extra=b"", interlace=0, idat=None):
    """rows: raw scanlines without filter bytes (already packed)."""
    if idat is None:
        if interlace:
            raw = adam7(rows, w, h, depth, ctype)
        else:
            raw = b"".join(b"\0" + r for r in rows)
        idat = zlib.compress(raw, 9)
    return (b"\x89PNG\r\n\x1a\n" + ihdr(w, h, depth, ctype, interlace) + extra +
            chunk(b"IDAT", idat) + chunk(b"IEND", b""))


CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def adam7(rows, w, h, depth, ctype):
    """Interlaced image data for whole-byte pixels (depth 8 or 16)."""
    bpp = CHANNELS[ctype] * depth // 8
    out = b""
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
                           (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)):
        for y in range(y0, h, dy):
            line = b"".join(rows[y][x * bpp:(x + 1) * bpp] for x in range(x0, w, dx))
            if line:
                out += b"\0" + line
    return out


def rgb_rows(w, h):
    return [bytes(v for x in range(w) for v in (x * 10 % 256, y * 15 % 256, 128)) for y in range(h)]


def make(d, jpeg_dir):
    pics = {}
    rgb = rgb_rows(W, H)
    ok = png(W, H, 8, 2, rgb)
    pics["ok.png"] = ok
    # a transparent colour in an RGB picture (libharu 2.3.0: segfault)
    pics["trns-rgb.png"] = png(W, H, 8, 2, rgb, chunk(b"tRNS", struct.pack(">HHH", 0, 0, 128)))
    # 16-bit RGBA, Adam7 interlaced (libharu 2.3.0: double free in HPDF_Free)
    rows16 = [b"".join(struct.pack(">HHHH", x * 2700, y * 4000, 30000, 65535 - x * 2000)
                       for x in range(W)) for y in range(H)]
    pics["rgba16-interlaced.png"] = png(W, H, 16, 6, rows16, interlace=1)
    # a palette with a transparent entry, gray with alpha, 1-bit gray
    plte = chunk(b"PLTE", bytes(v for i in range(4) for v in (i * 60, 255 - i * 60, 90)))
    pics["palette.png"] = png(W, H, 8, 3, [bytes((x + y) % 4 for x in range(W)) for y in range(H)],
                              plte + chunk(b"tRNS", b"\x00\x80"))
    pics["gray-alpha.png"] = png(W, H, 8, 4, [bytes(v for x in range(W) for v in (x * 10, 255 - y * 10))
                                              for y in range(H)])
    pics["gray1.png"] = png(W, H, 1, 0, [bytes([0xAA if y % 2 else 0x55] * ((W + 7) // 8)) for y in range(H)])
    # broken files
    pics["truncated.png"] = ok[:len(ok) * 2 // 3]
    i = ok.index(b"IEND") - 5                              # last byte of the IDAT's CRC
    pics["bad-crc.png"] = ok[:i] + bytes([ok[i] ^ 0xFF]) + ok[i + 1:]
    pics["bad-zlib.png"] = png(W, H, 8, 2, rgb, idat=b"\x78\x9c" + b"\xff" * 40 + b"\0\0\0\0")
    pics["bad-ihdr.png"] = png(W, H, 3, 2, rgb)            # bit depth 3 does not exist
    pics["no-plte.png"] = png(W, H, 8, 3, [bytes(W) for _ in range(H)])
    # a 1 KB file that declares 100000 x 100000 pixels
    pics["huge.png"] = png(100000, 100000, 8, 2, None, idat=zlib.compress(b"\0" * 300001, 9))
    # other formats under a JPEG name
    pics["gif-as.jpg"] = (b"GIF89a" + struct.pack("<HH", W, H) + b"\x80\x00\x00" + b"\0\0\0\xff\xff\xff" +
                          b",\0\0\0\0" + struct.pack("<HH", W, H) + b"\0\x02\x02\x44\x01\0;")
    pics["webp-as.jpg"] = b"RIFF" + struct.pack("<I", 30) + b"WEBPVP8L" + struct.pack("<I", 18) + b"\x2f" + b"\0" * 17
    pics["svg-as.jpg"] = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="24" '
                          b'height="16"><rect width="24" height="16" fill="red"/></svg>\n')
    pics["text-as.png"] = b"This is not a picture at all.\n"
    pics["empty.png"] = b""
    if jpeg_dir:
        with open(os.path.join(jpeg_dir, "baseline.jpg"), "rb") as f:
            jpg = f.read()
        sos = jpg.index(b"\xff\xda")
        pics["truncated.jpg"] = jpg[:sos + 40]
        # scan data replaced by marker junk from its middle on
        mid = sos + (len(jpg) - sos) // 2
        pics["corrupt.jpg"] = jpg[:mid] + b"\xff\xd0\xff\xd3" * 8 + jpg[mid:mid + 8]
        sof = jpg.index(b"\xff\xc0")
        pics["huge.jpg"] = jpg[:sof + 5] + struct.pack(">HH", 60000, 60000) + jpg[sof + 9:]
    for name, data in pics.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    make(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
