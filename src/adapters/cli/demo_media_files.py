"""The demo's media files, drawn at seed time (no binaries in the repository): a short video of a
swinging pendulum with its energy bars and a tone, and two pages of handwritten-looking notes on
completing the square, as a PDF.

Both are deterministic (a fixed random seed for the handwriting's wobble), so every install
gets the same demo.
"""

import io
import math
import random
import subprocess
from pathlib import Path

import imageio_ffmpeg
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1280, 720
FPS = 15
CLIP_SECONDS = 12
# The pendulum's period: two full swings in each chapter.
PERIOD = 3.0

BACKGROUND = (250, 248, 242)
INK = (32, 41, 64)
KINETIC = (230, 120, 40)
POTENTIAL = (52, 120, 200)
TOTAL = (60, 160, 90)

# What is said in the clip: the English captions, whose words the content search finds.
CAPTIONS_VTT = """WEBVTT

00:00:00.000 --> 00:00:03.000
A pendulum swings back and forth without stopping.

00:00:03.000 --> 00:00:06.000
At the top of each swing the bob stops: all of its energy is potential energy.

00:00:06.000 --> 00:00:09.000
At the bottom it moves fastest: all of its energy is kinetic energy.

00:00:09.000 --> 00:00:12.000
The total never changes. This is the conservation of energy.
"""
CHAPTERS = ({"start": 0, "title": "The swing"},
            {"start": 6, "title": "Where the energy goes"})


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's bundled font: no font files needed on the machine.
    return ImageFont.load_default(size=size)


def _background() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((60, 40), "Conservation of energy", fill=INK, font=_font(44))
    draw.text((60, 100), "A pendulum trades potential energy for kinetic energy and back.",
              fill=INK, font=_font(24))
    draw.line((200, 180, 560, 180), fill=INK, width=6)  # the support
    for x in range(210, 560, 24):
        draw.line((x, 180, x - 14, 164), fill=INK, width=2)
    draw.line((780, 620, 1200, 620), fill=INK, width=3)  # the bar chart's axis
    for x, label in ((820, "kinetic"), (960, "potential"), (1100, "total")):
        draw.text((x, 632), label, fill=INK, font=_font(22))
    draw.text((780, 180), "E = KE + PE = constant", fill=INK, font=_font(30))
    return image


def _frame(background: Image.Image, t: float) -> bytes:
    image = background.copy()
    draw = ImageDraw.Draw(image)
    amplitude = math.radians(35)
    angle = amplitude * math.cos(2 * math.pi * t / PERIOD)
    pivot, length = (380.0, 180.0), 360.0
    bob = (pivot[0] + length * math.sin(angle), pivot[1] + length * math.cos(angle))
    # Energies as fractions of the total: the height above the lowest point gives PE.
    potential = (1 - math.cos(angle)) / (1 - math.cos(amplitude))
    kinetic = 1.0 - potential
    draw.arc((pivot[0] - length, pivot[1] - length, pivot[0] + length, pivot[1] + length),
             start=90 - 35, end=90 + 35, fill=(200, 200, 200), width=2)
    draw.line((*pivot, *bob), fill=INK, width=4)
    draw.ellipse((bob[0] - 28, bob[1] - 28, bob[0] + 28, bob[1] + 28), fill=POTENTIAL
                 if potential > 0.5 else KINETIC, outline=INK, width=3)
    full = 360
    for x, share, colour in ((820, kinetic, KINETIC), (960, potential, POTENTIAL),
                             (1100, 1.0, TOTAL)):
        top = 620 - full * share
        draw.rectangle((x, top, x + 80, 620), fill=colour)
    draw.text((60, 660), f"t = {t:4.1f} s", fill=INK, font=_font(22))
    return image.tobytes()


def draw_clip(target: Path) -> Path:
    """A 12 s, 1280x720 H.264/AAC MP4 of the pendulum with a soft tone, written to ``target``."""
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    command = [ffmpeg, "-v", "error", "-y",
               "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{WIDTH}x{HEIGHT}",
               "-r", str(FPS), "-i", "pipe:0",
               "-f", "lavfi", "-i", f"sine=frequency=330:duration={CLIP_SECONDS}",
               "-af", "volume=0.3",
               "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
               "-c:a", "aac", "-shortest", str(target)]
    background = _background()
    with subprocess.Popen(command, stdin=subprocess.PIPE,  # noqa: S603 - fixed binary, no shell
                          stderr=subprocess.PIPE) as process:
        assert process.stdin is not None
        try:
            for index in range(CLIP_SECONDS * FPS):
                process.stdin.write(_frame(background, index / FPS))
        finally:
            process.stdin.close()
        errors = process.stderr.read() if process.stderr else b""
        if process.wait(timeout=120) != 0:
            raise RuntimeError(f"ffmpeg could not draw the demo clip: {errors.decode()[-500:]}")
    return target


# ---- handwritten notes ----------------------------------------------------------------------

# A4 at 100 dpi: the PDF's pages are 595 x 842 points.
PAGE_SIZE = (827, 1169)
DPI = 100
PAPER = (255, 253, 244)
PEN = (28, 44, 110)
RULE = (205, 220, 240)
LINE_HEIGHT = 62
TOP = 120

PAGES: tuple[tuple[str, ...], ...] = (
    ("Completing the square",
     "",
     "Solve  x² + 6x + 5 = 0",
     "",
     "Half of 6 is 3, and 3² = 9:",
     "   x² + 6x + 9 - 9 + 5 = 0",
     "   (x + 3)² - 4 = 0",
     "   (x + 3)² = 4",
     "   x + 3 = ±2",
     "",
     "   x = -1  or  x = -5",
     "",
     "Check: (-1)² + 6(-1) + 5 = 0  ✓"),
    ("The same idea for ax² + bx + c = 0",
     "",
     "Divide by a, then complete the square:",
     "   (x + b/2a)² = (b² - 4ac) / 4a²",
     "",
     "So   x = (-b ± √(b² - 4ac)) / 2a",
     "",
     "b² - 4ac > 0 : two roots",
     "b² - 4ac = 0 : one (repeated) root",
     "b² - 4ac < 0 : no real roots"),
)
# Where the worked answer is on page 1, in PDF points (the unit of the document's pages): the
# mentor's highlight covers it.
ANSWER_LINE = 10
SCALE = 72 / DPI


def answer_region() -> tuple[float, float, float, float]:
    """x, y, width, height of the highlighted answer on page 1, in PDF points."""
    y = TOP + ANSWER_LINE * LINE_HEIGHT - 12
    return (round(70 * SCALE, 1), round(y * SCALE, 1), round(480 * SCALE, 1),
            round(LINE_HEIGHT * SCALE, 1))


def _write(page: Image.Image, chance: random.Random, x: float, y: float, text: str,
           size: int) -> None:
    """Letter by letter, each slightly tilted, lifted and spaced, like a hand would."""
    font = _font(size)
    small = _font(size * 3 // 5)
    draw = ImageDraw.Draw(page)
    for letter in text:
        lift = chance.uniform(-2, 2)
        if letter == "²":  # the bundled font has no superscripts: a small raised 2
            draw.text((x, y - size * 0.2 + lift), "2", fill=PEN, font=small)
            x += small.getlength("2") + 2
            continue
        if letter in "√✓":  # nor these: drawn as pen strokes
            h = size * 0.8
            points = ([(x, y + h * 0.55), (x + size * 0.15, y + h * 0.45),
                       (x + size * 0.3, y + h), (x + size * 0.55, y + h * 0.05),
                       (x + size * 0.75, y + h * 0.05)] if letter == "√" else
                      [(x, y + h * 0.55), (x + size * 0.2, y + h * 0.9),
                       (x + size * 0.6, y + h * 0.1)])
            draw.line([(px, py + lift) for px, py in points], fill=PEN, width=3,
                      joint="curve")
            x += size * 0.8
            continue
        advance = font.getlength(letter)
        if letter != " ":
            glyph = Image.new("L", (size * 2, size * 2), 0)
            ImageDraw.Draw(glyph).text((size // 2, size // 3), letter, fill=255, font=font)
            glyph = glyph.rotate(chance.uniform(-7, 7), resample=Image.Resampling.BICUBIC)
            ink = Image.new("RGB", glyph.size, PEN)
            page.paste(ink, (int(x - size // 2), int(y - size // 3 + lift)),
                       glyph)
        x += advance * chance.uniform(0.95, 1.1)


def _page(lines: tuple[str, ...], number: int, chance: random.Random) -> Image.Image:
    page = Image.new("RGB", PAGE_SIZE, PAPER)
    draw = ImageDraw.Draw(page)
    for y in range(TOP + LINE_HEIGHT - 8, PAGE_SIZE[1] - 40, LINE_HEIGHT):
        draw.line((40, y, PAGE_SIZE[0] - 40, y), fill=RULE, width=1)
    draw.line((60, 0, 60, PAGE_SIZE[1]), fill=(240, 180, 180), width=2)
    for index, line in enumerate(lines):
        heading = index == 0
        _write(page, chance, 80 + chance.uniform(-3, 3), TOP + index * LINE_HEIGHT, line,
               40 if heading else 32)
        if heading:  # underlined with a wavy stroke
            base = TOP + 48
            points = [(80 + step * 8, base + 3 * math.sin(step * 0.7) + chance.uniform(-1, 1))
                      for step in range(60)]
            draw.line(points, fill=PEN, width=3, joint="curve")
    if number == 1:  # the answer, boxed by hand
        y = TOP + ANSWER_LINE * LINE_HEIGHT
        draw.rounded_rectangle((95, y - 6, 470, y + LINE_HEIGHT - 22), radius=14, outline=PEN,
                               width=3)
    draw.text((PAGE_SIZE[0] - 90, PAGE_SIZE[1] - 60), f"{number}/{len(PAGES)}", fill=PEN,
              font=_font(24))
    return page


def draw_notes_pdf() -> bytes:
    """The two pages as one PDF (pictures of the pages, as a scan would be)."""
    chance = random.Random(14)  # noqa: S311 - a wobble, not a secret
    pages = [_page(lines, number, chance) for number, lines in enumerate(PAGES, start=1)]
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return out.getvalue()
