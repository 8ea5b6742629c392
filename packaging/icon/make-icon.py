#!/usr/bin/env python3
"""Draws daocha's icon by code (no image tools needed): a red seal-like square with a white sheet
and a magnifying glass over it — an inspection of paper records. Writes PNGs and a Windows .ico
(PNG-compressed entries, read by Windows Vista and later).

    python3 packaging/icon/make-icon.py assets/icon
"""
import math, os, struct, sys, zlib

RED = (200, 16, 46)
WHITE = (255, 255, 255)
INK = (200, 16, 46)
GLASS = (60, 60, 60)


def inside(x, y, s):
    """The colour at (x, y) of an icon of side 1.0, or None (transparent)."""
    # Rounded square, radius 0.18.
    r = 0.18
    cx, cy = min(max(x, r), 1 - r), min(max(y, r), 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return None
    # Magnifying glass: ring centred at (0.62, 0.60), handle to the lower right.
    gx, gy, gr = 0.60, 0.58, 0.17
    d = math.hypot(x - gx, y - gy)
    if gr - 0.045 <= d <= gr + 0.01:
        return GLASS
    hx, hy = x - gx, y - gy
    along = (hx + hy) / math.sqrt(2)
    across = (hx - hy) / math.sqrt(2)
    if gr + 0.01 < along < gr + 0.2 and abs(across) < 0.04:
        return GLASS
    # The sheet: a white page with ruled lines; the glass shows the lines magnified.
    if 0.2 <= x <= 0.66 and 0.16 <= y <= 0.82:
        if d < gr - 0.045:
            ly = (y - gy) / 1.6 + gy
            lx = (x - gx) / 1.6 + gx
        else:
            lx, ly = x, y
        for row in range(6):
            top = 0.27 + row * 0.09
            if 0.27 <= lx <= 0.58 and top <= ly <= top + 0.035 and (row % 3 != 2 or lx < 0.48):
                return INK
        return WHITE
    if d < gr - 0.045:
        return (245, 225, 225)
    return RED


def render(size, ss=4):
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(ss):
                for sx in range(ss):
                    c = inside((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size, size)
                    if c is not None:
                        acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
            n = ss * ss
            a = acc[3] // n
            if a:
                row += bytes((acc[0] * 255 // acc[3], acc[1] * 255 // acc[3], acc[2] * 255 // acc[3], a))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return rows


def png(size):
    raw = b"".join(b"\0" + r for r in render(size))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def ico(images):
    head = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return head + entries + blobs


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "assets/icon"
    os.makedirs(out, exist_ok=True)
    images = [(s, png(s)) for s in (16, 24, 32, 48, 64, 128, 256)]
    for s, data in images:
        if s in (48, 128, 256):
            with open(os.path.join(out, f"daocha-{s}.png"), "wb") as f:
                f.write(data)
    with open(os.path.join(out, "daocha.ico"), "wb") as f:
        f.write(ico(images))


if __name__ == "__main__":
    main()
