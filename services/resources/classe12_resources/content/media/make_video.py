"""Draw the frames of the sample videos of Classe à 12 (PNG), encoded afterwards with ffmpeg."""
import math
import os
import sys

from PIL import Image, ImageDraw, ImageFont

W, H, FPS = 640, 360, 20
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
BLUE, RED, INK, PAPER = (0, 0, 145), (225, 0, 15), (30, 30, 30), (250, 248, 240)


def font(size, bold=False):
    return ImageFont.truetype(BOLD if bold else FONT, size)


def save(folder, n, img):
    img.save(os.path.join(folder, f"{n:04d}.png"))


def dot_pattern(n):
    """Dice-like positions for 1 to 6 in a unit square."""
    p = {1: [(.5, .5)], 2: [(.25, .25), (.75, .75)], 3: [(.25, .25), (.5, .5), (.75, .75)],
         4: [(.25, .25), (.75, .25), (.25, .75), (.75, .75)],
         5: [(.25, .25), (.75, .25), (.5, .5), (.25, .75), (.75, .75)],
         6: [(.25, .2), (.75, .2), (.25, .5), (.75, .5), (.25, .8), (.75, .8)]}
    return p[n]


def card(d, x, y, size, n, color, visible=1.0):
    d.rounded_rectangle([x, y, x + size, y + size], radius=14, fill="white", outline=INK, width=3)
    if visible <= 0:
        return
    r = size * 0.09
    for (u, v) in dot_pattern(n):
        cx, cy = x + u * size, y + v * size
        rr = r * min(1.0, visible)
        d.ellipse([cx - rr, cy - rr, cx + rr, cy + rr], fill=color)


def calcul_mental(folder):
    """5 + 3 with dice cards, then 7 + 3 on a ten-frame: 9 s."""
    total = 9 * FPS
    for i in range(total):
        t = i / FPS
        img = Image.new("RGB", (W, H), PAPER)
        d = ImageDraw.Draw(img)
        d.text((20, 14), "Calcul mental : combien de points ?", font=font(24, True), fill=INK)
        if t < 4.5:
            card(d, 110, 90, 160, 5, BLUE, visible=min(1, t / 0.4))
            if t > 1.2:
                d.text((298, 140), "+", font=font(60, True), fill=INK)
                card(d, 370, 90, 160, 3, RED, visible=min(1, (t - 1.2) / 0.4))
            if t > 3.0:
                d.text((215, 275), "5 + 3 = 8", font=font(44, True), fill=INK)
        else:
            u = t - 4.5
            x0, y0, c = 120, 100, 80
            for row in range(2):
                for col in range(5):
                    d.rectangle([x0 + col * c, y0 + row * c, x0 + (col + 1) * c, y0 + (row + 1) * c],
                                outline=INK, width=3, fill="white")
            shown = 7 + min(3, int(max(0, u - 1.0) / 0.5))
            for k in range(shown):
                row, col = divmod(k, 5)
                cx, cy = x0 + col * c + c / 2, y0 + row * c + c / 2
                color = BLUE if k < 7 else RED
                d.ellipse([cx - 26, cy - 26, cx + 26, cy + 26], fill=color)
            d.text((120, 60), "La boîte de dix", font=font(22), fill=INK)
            if u > 3.0:
                d.text((215, 285), "7 + 3 = 10", font=font(44, True), fill=INK)
        save(folder, i, img)


def installation(folder):
    """A 48 m² room gets 3 islands of 4 pupils, a gathering rug and a reading corner: 9 s."""
    total = 9 * FPS
    room = (40, 50, 600, 330)
    islands = [(120, 110), (260, 230), (400, 110)]
    for i in range(total):
        t = i / FPS
        img = Image.new("RGB", (W, H), PAPER)
        d = ImageDraw.Draw(img)
        d.text((20, 12), "Installer la classe en îlots", font=font(24, True), fill=INK)
        d.rectangle(room, outline=INK, width=6, fill="white")
        d.rectangle([room[0] + 200, room[1] - 4, room[0] + 360, room[1] + 4], fill=(120, 180, 255))
        d.rectangle([room[2] - 4, room[1] + 20, room[2] + 4, room[1] + 70], fill=PAPER)
        d.text((room[2] - 50, room[1] + 36), "porte", font=font(14), fill=INK)
        d.rectangle([room[0] + 8, room[1] + 60, room[0] + 16, room[1] + 200], fill=(40, 90, 60))
        d.text((room[0] + 22, room[1] + 120), "tableau", font=font(14), fill=INK)
        for k, (ix, iy) in enumerate(islands):
            start = 0.5 + k * 1.2
            if t < start:
                continue
            p = min(1.0, (t - start) / 0.8)
            ease = 1 - (1 - p) ** 3
            # tables slide in from the bottom right corner
            x = 560 + (ix - 560) * ease
            y = 320 + (iy - 320) * ease
            d.rectangle([x, y, x + 110, y + 70], fill=(230, 200, 150), outline=INK, width=2)
            for (sx, sy) in [(x + 25, y - 12), (x + 85, y - 12), (x + 25, y + 82), (x + 85, y + 82)]:
                d.ellipse([sx - 9, sy - 9, sx + 9, sy + 9], fill=(120, 120, 200))
            if p >= 1:
                d.text((x + 18, y + 26), f"îlot {k + 1}", font=font(16, True), fill=INK)
        if t > 4.8:
            d.ellipse([430, 230, 560, 315], outline=BLUE, width=3, fill=(225, 232, 255))
            d.text((445, 262), "regroupement", font=font(15, True), fill=BLUE)
        if t > 6.0:
            d.rectangle([60, 230, 200, 320], outline=RED, width=3, fill=(255, 230, 230))
            d.text((75, 265), "coin lecture", font=font(15, True), fill=RED)
        if t > 7.2:
            d.text((150, 336), "3 îlots de 4 élèves, passages de 90 cm", font=font(16), fill=INK)
        save(folder, i, img)


def ligne_graduee(folder):
    """A frog jumps by 2 from 0 to 20 on a number line: 10 s."""
    total = 10 * FPS
    x0, x1, y = 40, 600, 250
    step = (x1 - x0) / 20
    for i in range(total):
        t = i / FPS
        img = Image.new("RGB", (W, H), PAPER)
        d = ImageDraw.Draw(img)
        d.text((20, 14), "La grenouille avance de 2 en 2", font=font(24, True), fill=INK)
        d.line([x0 - 10, y, x1 + 10, y], fill=INK, width=4)
        jump = min(10, max(0, (t - 0.8) / 0.8))
        done = int(jump)
        for n in range(21):
            x = x0 + n * step
            tall = 16 if n % 5 == 0 else 9
            d.line([x, y - tall, x, y + tall], fill=INK, width=3 if n % 5 == 0 else 2)
            reached = n % 2 == 0 and n <= 2 * done
            d.text((x - (6 if n < 10 else 12), y + 22), str(n), font=font(18, reached), fill=RED if reached else INK)
        for k in range(done):
            a, b = x0 + 2 * k * step, x0 + 2 * (k + 1) * step
            d.arc([a, y - 70, b, y + 10], start=180, end=360, fill=BLUE, width=3)
            d.text(((a + b) / 2 - 12, y - 98), "+2", font=font(16), fill=BLUE)
        frac = jump - done if done < 10 else 0
        pos = 2 * done + 2 * frac
        fx = x0 + pos * step
        fy = y - 22 - 55 * math.sin(math.pi * frac)
        d.ellipse([fx - 14, fy - 12, fx + 14, fy + 12], fill=(40, 150, 60), outline=INK, width=2)
        d.ellipse([fx - 8, fy - 10, fx - 2, fy - 4], fill="white")
        d.ellipse([fx + 2, fy - 10, fx + 8, fy - 4], fill="white")
        if done == 10:
            d.text((170, 310), "0, 2, 4, 6, 8, 10 ... 20", font=font(26, True), fill=INK)
        save(folder, i, img)


if __name__ == "__main__":
    base = sys.argv[1]
    for name, fn in [("points-calcul-mental", calcul_mental), ("installation-ilots", installation),
                     ("ligne-graduee-bonds", ligne_graduee)]:
        folder = os.path.join(base, name)
        os.makedirs(folder, exist_ok=True)
        fn(folder)
