"""Draw the installable app's icons (tienphong/support/static/support/icon-*.png) with Pillow."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "tienphong/support/static/support"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

for size in (192, 512):
    image = Image.new("RGB", (size, size), "#c8102e")
    draw = ImageDraw.Draw(image)
    draw.text((size / 2, size / 2), "TP", fill="#ffde00", font=ImageFont.truetype(FONT, int(size * 0.42)), anchor="mm")
    image.save(OUT / f"icon-{size}.png", optimize=True)

# The favicon every page asks for (/favicon.ico, tienphong/core/static/core/favicon.ico): the same mark, small.
FAVICON = Path(__file__).resolve().parent.parent / "tienphong/core/static/core/favicon.ico"
image = Image.new("RGB", (64, 64), "#c8102e")
ImageDraw.Draw(image).text((32, 33), "TP", fill="#ffde00", font=ImageFont.truetype(FONT, 30), anchor="mm")
image.save(FAVICON, sizes=[(16, 16), (32, 32), (48, 48)])
