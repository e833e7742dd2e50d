"""Draw the room plans of the Classe à 12 layout guides as self-contained SVG (1 unit = 1 cm).

Run: python3 make_plans.py OUT_DIR (standard library only).
"""
import math
import os
import sys
from xml.sax.saxutils import escape

WALL = 12
COLORS = {
    "regroupement": ("#e3e3fd", "#000091"),
    "autonomie": ("#e6feda", "#18753c"),
    "ateliers": ("#fff4d6", "#716043"),
    "coin-lecture": ("#fee7fc", "#6e445a"),
    "co-intervention": ("#e8edff", "#0063cb"),
    "ecoute": ("#ddf7f4", "#006a6f"),
    "ecriture": ("#f6f6f6", "#3a3a3a"),
    "jeux-mathematiques": ("#fff1e6", "#8d533e"),
    "numerique": ("#eeeeff", "#313178"),
    "calme": ("#e7f5ed", "#2f6b4f"),
}


def metres(cm):
    return f"{cm / 100:g}".replace(".", ",")


class Plan:
    def __init__(self, width, depth, title, desc):
        self.w, self.d = width, depth
        self.title, self.desc = title, desc
        self.zones, self.items, self.labels = [], [], []

    # --- room ---
    def door(self, wall, pos, width=90):
        """A door: a gap in the wall and its swing."""
        w, d = self.w, self.d
        if wall == "top":
            x, y = pos, 0
            self.items.append(f'<rect x="{x}" y="{-WALL}" width="{width}" height="{WALL * 2}" fill="#ffffff"/>')
            self.items.append(f'<path d="M{x} {y} L{x} {y + width} A{width} {width} 0 0 0 {x + width} {y}" '
                              f'fill="none" stroke="#555" stroke-width="2" stroke-dasharray="6 4"/>')
            self.label(x + width / 2, y + width + 22, "Porte", size=18)
        elif wall == "bottom":
            x, y = pos, d
            self.items.append(f'<rect x="{x}" y="{y - WALL}" width="{width}" height="{WALL * 2}" fill="#ffffff"/>')
            self.items.append(f'<path d="M{x} {y} L{x} {y - width} A{width} {width} 0 0 1 {x + width} {y}" '
                              f'fill="none" stroke="#555" stroke-width="2" stroke-dasharray="6 4"/>')
            self.label(x + width / 2, y - width - 10, "Porte", size=18)
        elif wall == "right":
            x, y = w, pos
            self.items.append(f'<rect x="{x - WALL}" y="{y}" width="{WALL * 2}" height="{width}" fill="#ffffff"/>')
            self.items.append(f'<path d="M{x} {y} L{x - width} {y} A{width} {width} 0 0 0 {x} {y + width}" '
                              f'fill="none" stroke="#555" stroke-width="2" stroke-dasharray="6 4"/>')
            self.label(x - width - 34, y + width / 2 + 6, "Porte", size=18)
        else:
            x, y = 0, pos
            self.items.append(f'<rect x="{-WALL}" y="{y}" width="{WALL * 2}" height="{width}" fill="#ffffff"/>')
            self.items.append(f'<path d="M{x} {y} L{x + width} {y} A{width} {width} 0 0 1 {x} {y + width}" '
                              f'fill="none" stroke="#555" stroke-width="2" stroke-dasharray="6 4"/>')
            self.label(x + width + 34, y + width / 2 + 6, "Porte", size=18)

    def window(self, wall, start, length):
        if wall in ("top", "bottom"):
            y = 0 if wall == "top" else self.d
            self.items.append(f'<rect x="{start}" y="{y - 5}" width="{length}" height="10" fill="#bde0fe" '
                              f'stroke="#1d6fa5" stroke-width="2"/>')
        else:
            x = 0 if wall == "left" else self.w
            self.items.append(f'<rect x="{x - 5}" y="{start}" width="10" height="{length}" fill="#bde0fe" '
                              f'stroke="#1d6fa5" stroke-width="2"/>')

    def board(self, wall, start, length, text="Tableau"):
        if wall in ("top", "bottom"):
            y = 14 if wall == "top" else self.d - 26
            self.items.append(f'<rect x="{start}" y="{y}" width="{length}" height="12" fill="#1f4e3d"/>')
            self.label(start + length / 2, y + (36 if wall == "top" else -10), text, size=18, weight="bold")
        else:
            x = 14 if wall == "left" else self.w - 26
            self.items.append(f'<rect x="{x}" y="{start}" width="12" height="{length}" fill="#1f4e3d"/>')
            tx = x + 22 if wall == "left" else x - 10
            self.items.append(f'<text x="{tx}" y="{start + length / 2}" font-size="18" font-weight="bold" '
                              f'text-anchor="middle" transform="rotate(-90 {tx} {start + length / 2})">'
                              f'{escape(text)}</text>')

    # --- furniture ---
    def table(self, x, y, w=130, h=50, chairs=(), label=None, fill="#e9d2a9"):
        """A table; chairs are (side, offset) with side in n, s, e, w."""
        out = [f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="4" fill="{fill}" stroke="#5a4632" '
               f'stroke-width="2"/>']
        for side, off in chairs:
            cx, cy = {"n": (x + off, y - 18), "s": (x + off, y + h + 18),
                      "w": (x - 18, y + off), "e": (x + w + 18, y + off)}[side]
            out.append(f'<use href="#chaise" x="{cx}" y="{cy}"/>')
        self.items.extend(out)
        if label:
            self.label(x + w / 2, y + h / 2 + 6, label, size=15)

    def round_table(self, cx, cy, r, seats, label=None):
        self.items.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="#e9d2a9" stroke="#5a4632" stroke-width="2"/>')
        for k in range(seats):
            a = 2 * math.pi * k / seats
            self.items.append(f'<use href="#chaise" x="{cx + (r + 18) * math.cos(a):.0f}" '
                              f'y="{cy + (r + 18) * math.sin(a):.0f}"/>')
        if label:
            self.label(cx, cy + 6, label, size=15)

    def haricot(self, x, y, pupils=4, label="Table haricot"):
        """A kidney-shaped table for guided groups, the teacher on the flat side."""
        self.items.append(f'<path d="M{x} {y + 60} C{x} {y - 10} {x + 180} {y - 10} {x + 180} {y + 60} '
                          f'C{x + 150} {y + 40} {x + 30} {y + 40} {x} {y + 60} Z" fill="#e9d2a9" '
                          f'stroke="#5a4632" stroke-width="2"/>')
        for k in range(pupils):
            self.items.append(f'<use href="#chaise" x="{x + 30 + k * (120 / max(1, pupils - 1)):.0f}" y="{y - 2}"/>')
        self.items.append(f'<use href="#chaise-adulte" x="{x + 90}" y="{y + 62}"/>')
        self.label(x + 90, y + 30, label, size=14)

    def furniture(self, x, y, w, h, text, fill="#d9c3a0", size=15, vertical=False):
        self.items.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" stroke="#5a4632" '
                          f'stroke-width="2"/>')
        if vertical:
            cx, cy = x + w / 2 + 5, y + h / 2
            self.items.append(f'<text x="{cx}" y="{cy}" font-size="{size}" text-anchor="middle" '
                              f'transform="rotate(-90 {cx} {cy})">{escape(text)}</text>')
        else:
            self.label(x + w / 2, y + h / 2 + size / 3, text, size=size)

    def rug(self, x, y, w, h, text="Tapis"):
        self.items.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="18" fill="url(#tapis)" '
                          f'stroke="#000091" stroke-width="2"/>')
        self.label(x + w / 2, y + h - 12, text, size=14)

    def teacher(self, x, y, text="Enseignant"):
        self.items.append(f'<use href="#adulte" x="{x}" y="{y}"/>')
        self.label(x, y + 34, text, size=14, weight="bold")

    # --- zones and labels ---
    def zone(self, kind, x, y, w, h, text):
        fill, stroke = COLORS[kind]
        self.zones.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="10" fill="{fill}" stroke="{stroke}" '
                          f'stroke-width="3" stroke-dasharray="10 6"/>')
        self.zones.append(f'<text x="{x + 10}" y="{y + 24}" font-size="19" font-weight="bold" fill="{stroke}">'
                          f'{escape(text)}</text>')

    def label(self, x, y, text, size=16, weight="normal"):
        self.labels.append(f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" font-weight="{weight}" '
                           f'text-anchor="middle">{escape(text)}</text>')

    def svg(self):
        m = 60
        vb_w, vb_h = self.w + 2 * m, self.d + 2 * m + 40
        scale_y = self.d + 50
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-m} {-m} {vb_w} {vb_h}" width="{vb_w}" '
            f'height="{vb_h}" role="img" aria-labelledby="plan-titre plan-description" lang="fr" '
            f'font-family="Marianne, Arial, sans-serif">',
            f'<title id="plan-titre">{escape(self.title)}</title>',
            f'<desc id="plan-description">{escape(self.desc)}</desc>',
            '<defs>',
            '<pattern id="tapis" width="16" height="16" patternUnits="userSpaceOnUse">'
            '<rect width="16" height="16" fill="#e3e3fd"/><path d="M0 16 L16 0" stroke="#b8b8f0" stroke-width="2"/>'
            '</pattern>',
            '<g id="chaise"><circle r="13" fill="#9aa8d6" stroke="#313178" stroke-width="2"/></g>',
            '<g id="chaise-adulte"><circle r="16" fill="#f3b6a8" stroke="#8d3b2a" stroke-width="2"/></g>',
            '<g id="adulte"><circle r="16" fill="#e1000f"/><circle r="6" fill="#ffffff"/></g>',
            '</defs>',
            f'<rect x="{-m}" y="{-m}" width="{vb_w}" height="{vb_h}" fill="#ffffff"/>',
            f'<rect x="0" y="0" width="{self.w}" height="{self.d}" fill="#fbfaf7"/>',
            '<g id="zones">', *self.zones, '</g>',
            f'<rect x="0" y="0" width="{self.w}" height="{self.d}" fill="none" stroke="#1e1e1e" '
            f'stroke-width="{WALL * 2}"/>',
            '<g id="mobilier">', *self.items, '</g>',
            '<g id="legendes">', *self.labels, '</g>',
            f'<g id="echelle"><line x1="0" y1="{scale_y}" x2="100" y2="{scale_y}" stroke="#1e1e1e" stroke-width="4"/>'
            f'<line x1="0" y1="{scale_y - 8}" x2="0" y2="{scale_y + 8}" stroke="#1e1e1e" stroke-width="3"/>'
            f'<line x1="100" y1="{scale_y - 8}" x2="100" y2="{scale_y + 8}" stroke="#1e1e1e" stroke-width="3"/>'
            f'<text x="115" y="{scale_y + 6}" font-size="18">1 m</text>'
            f'<text x="{self.w}" y="{scale_y + 6}" font-size="18" text-anchor="end">'
            f'{escape(f"Salle de {metres(self.w)} m × {metres(self.d)} m")}'
            f'</text></g>',
            '</svg>',
        ]
        return "\n".join(parts) + "\n"


PLANS = {}


def plan(fn):
    PLANS[fn.__name__.replace("_", "-")] = fn
    return fn


@plan
def classe_en_ilots_48m2():
    p = Plan(800, 600, "Plan : une classe de 48 m² en trois îlots de quatre",
             "Salle rectangulaire de 8 mètres sur 6 pour 12 élèves. Le tableau occupe le mur de gauche ; devant lui, "
             "l’espace de regroupement avec un tapis et deux bancs. Trois îlots de quatre places, faits chacun de deux "
             "tables doubles, occupent le centre. En haut à droite, près de la porte, le coin lecture avec une "
             "bibliothèque basse. En bas à droite, sous les fenêtres, une table en haricot pour l’atelier dirigé. "
             "En bas à gauche, l’étagère des bacs d’autonomie.")
    p.board("left", 150, 300)
    p.window("bottom", 330, 180)
    p.window("bottom", 560, 180)
    p.door("top", 670)
    p.zone("regroupement", 40, 120, 190, 330, "Regroupement")
    p.rug(60, 190, 150, 190, "Tapis")
    p.furniture(60, 390, 150, 30, "Banc", size=14)
    p.furniture(60, 150, 150, 30, "Banc", size=14)
    p.zone("coin-lecture", 430, 24, 220, 150, "Coin lecture")
    p.furniture(450, 120, 180, 36, "Bibliothèque basse", size=14)
    p.zone("ateliers", 540, 420, 240, 160, "Atelier dirigé")
    p.haricot(570, 478, pupils=4)
    p.zone("autonomie", 30, 470, 280, 110, "Autonomie")
    p.furniture(45, 535, 250, 30, "Étagère des bacs d’autonomie", size=14)
    for k, (x, y) in enumerate([(290, 90), (290, 330), (490, 240)]):
        p.table(x, y, 130, 50, chairs=[("n", 35), ("n", 95)])
        p.table(x, y + 50, 130, 50, chairs=[("s", 35), ("s", 95)])
        p.label(x + 65, y + 56, f"Îlot {k + 1}", size=16, weight="bold")
    return p


@plan
def disposition_en_u_regroupement():
    p = Plan(800, 650, "Plan : une disposition en U autour du tableau",
             "Salle de 8 mètres sur 6,5 pour 12 élèves de CE1. Le tableau est au mur du haut. Douze tables "
             "individuelles forment un U ouvert vers le tableau : quatre sur chaque branche, quatre au fond. Le centre "
             "du U sert d’espace de regroupement et de passage pour l’enseignant. En haut à droite, une table "
             "d’écriture pour deux élèves. Au fond, le coin lecture au centre et un espace numérique à droite avec "
             "deux ordinateurs. La porte est sur le mur de gauche, en bas ; les fenêtres sur le mur de droite.")
    p.board("top", 240, 320)
    p.window("right", 150, 330)
    p.door("left", 530)
    p.zone("regroupement", 210, 120, 380, 280, "Centre du U : regroupement")
    for k in range(4):
        p.table(140, 150 + k * 65, 50, 65, chairs=[("w", 32)])
        p.table(610, 150 + k * 65, 50, 65, chairs=[("e", 32)])
        p.table(270 + k * 65, 420, 65, 50, chairs=[("s", 32)])
    p.zone("ecriture", 610, 24, 170, 110, "Écriture")
    p.table(630, 70, 130, 40, label="Table d’écriture")
    p.zone("coin-lecture", 230, 510, 260, 120, "Coin lecture")
    p.furniture(250, 585, 220, 30, "Bacs d’albums et coussins", size=14)
    p.zone("numerique", 540, 510, 240, 120, "Numérique")
    p.table(590, 560, 130, 40, chairs=[("s", 35), ("s", 95)], label="2 ordinateurs")
    p.furniture(30, 30, 140, 60, "Bureau", size=15)
    return p


@plan
def ateliers_tournants_quatre_espaces():
    p = Plan(900, 600, "Plan : quatre espaces pour des ateliers tournants",
             "Salle de 9 mètres sur 6 pour 12 élèves répartis en quatre groupes de trois. Le tableau est au mur de "
             "gauche, avec devant lui un espace de regroupement sur bancs et, dessous, le tableau des rotations. Le "
             "reste de la salle est partagé en quatre ateliers : en haut, l’atelier dirigé autour d’une table en "
             "haricot et l’atelier d’écoute avec lecteur et casques ; en bas, l’atelier de jeux mathématiques autour "
             "d’une table ronde et l’atelier d’écriture. La porte est en bas à droite, les fenêtres en haut.")
    p.board("left", 130, 260)
    p.window("top", 260, 180)
    p.window("top", 560, 180)
    p.door("bottom", 790)
    p.zone("regroupement", 40, 100, 180, 320, "Regroupement")
    p.furniture(70, 150, 40, 230, "Banc", size=14, vertical=True)
    p.furniture(150, 150, 40, 230, "Banc", size=14, vertical=True)
    p.furniture(40, 470, 180, 70, "Tableau des rotations", size=14, fill="#fff4d6")
    p.zone("ateliers", 250, 30, 300, 250, "1. Atelier dirigé")
    p.haricot(310, 130, pupils=3)
    p.zone("ecoute", 570, 30, 310, 250, "2. Écoute")
    p.table(660, 120, 130, 50, chairs=[("s", 25), ("s", 65), ("s", 105)], label="Lecteur, 3 casques")
    p.zone("jeux-mathematiques", 250, 310, 300, 260, "3. Jeux mathématiques")
    p.round_table(400, 450, 50, 3, label="Jeux")
    p.furniture(270, 520, 90, 36, "Bac", size=14)
    p.zone("ecriture", 570, 310, 200, 260, "4. Écriture")
    p.table(605, 420, 130, 50, chairs=[("n", 25), ("n", 65), ("n", 105)], label="Table")
    return p


@plan
def salle_deux_enseignants_co_intervention():
    p = Plan(800, 700, "Plan : une salle pensée pour deux enseignants",
             "Salle de 8 mètres sur 7 pour 12 élèves et deux enseignants. En haut à gauche, le pôle A : trois tables "
             "doubles tournées vers le tableau principal, pour six élèves, avec l’enseignant A debout près du tableau. "
             "En bas à droite, le pôle B : un îlot de six places face à un tableau blanc mobile, avec l’enseignant B. "
             "En bas à gauche, un espace de regroupement commun avec un tapis. En haut à droite, une table et une "
             "étagère pour le travail en autonomie. Porte en haut à droite, fenêtres sur le mur de gauche.")
    p.board("top", 120, 300, "Tableau principal")
    p.window("left", 200, 300)
    p.door("right", 40)
    p.zone("co-intervention", 30, 60, 450, 300, "Pôle A")
    p.table(70, 170, 130, 50, chairs=[("s", 35), ("s", 95)])
    p.table(250, 170, 130, 50, chairs=[("s", 35), ("s", 95)])
    p.table(160, 260, 130, 50, chairs=[("s", 35), ("s", 95)])
    p.teacher(420, 110, "Enseignant A")
    p.zone("autonomie", 500, 170, 270, 190, "Autonomie")
    p.table(540, 250, 130, 50, chairs=[("s", 35), ("s", 95)])
    p.furniture(730, 190, 30, 150, "Étagère", size=14, vertical=True)
    p.zone("regroupement", 30, 400, 280, 270, "Regroupement commun")
    p.rug(60, 460, 220, 170, "Tapis")
    p.zone("co-intervention", 330, 400, 440, 270, "Pôle B")
    p.table(420, 490, 195, 100, chairs=[("n", 35), ("n", 98), ("n", 160), ("s", 35), ("s", 98), ("s", 160)])
    p.label(517, 546, "Îlot de six", size=16, weight="bold")
    p.furniture(736, 450, 24, 190, "Tableau mobile", size=14, fill="#ffffff", vertical=True)
    p.teacher(655, 428, "Enseignant B")
    return p


@plan
def coin_calme_et_coin_ecoute():
    p = Plan(800, 650, "Plan : une classe avec un coin calme et un coin écoute",
             "Salle de 8 mètres sur 6,5 pour 12 élèves. Le tableau est au mur du haut ; à gauche, l’espace de "
             "regroupement avec un tapis. Trois îlots de quatre places occupent le centre. En haut à droite, contre "
             "les fenêtres, le coin écoute : une table, trois chaises, un lecteur et des casques. En bas à droite, le "
             "coin calme, séparé par un meuble bas, avec des coussins et un sablier. En bas au centre, l’étagère "
             "d’autonomie. La porte est en bas à gauche.")
    p.board("top", 200, 300)
    p.window("right", 120, 330)
    p.door("bottom", 40)
    p.zone("regroupement", 30, 60, 180, 300, "Regroupement")
    p.rug(55, 110, 130, 220, "Tapis")
    for k, (x, y) in enumerate([(240, 130), (430, 130), (335, 330)]):
        p.table(x, y, 130, 50, chairs=[("n", 35), ("n", 95)])
        p.table(x, y + 50, 130, 50, chairs=[("s", 35), ("s", 95)])
        p.label(x + 65, y + 56, f"Îlot {k + 1}", size=16, weight="bold")
    p.zone("ecoute", 610, 30, 170, 290, "Écoute")
    p.table(670, 100, 50, 150, chairs=[("w", 30), ("w", 75), ("w", 120)])
    p.label(695, 290, "Lecteur et casques", size=13)
    p.zone("calme", 560, 420, 220, 210, "Coin calme")
    p.furniture(560, 470, 16, 150, "", fill="#b5a07a")
    p.label(660, 470, "Meuble bas", size=13)
    p.furniture(610, 500, 140, 60, "Coussins", size=14, fill="#f3d9e8")
    p.furniture(690, 580, 60, 30, "Sablier", size=12, fill="#ffffff")
    p.zone("autonomie", 170, 500, 340, 130, "Autonomie")
    p.furniture(185, 580, 310, 34, "Étagère des bacs d’autonomie", size=14)
    return p


@plan
def petite_salle_30m2():
    p = Plan(600, 500, "Plan : tirer parti d’une petite salle de 30 m²",
             "Petite salle de 6 mètres sur 5 pour 12 élèves. Le tableau est au mur du haut, encadré par deux étagères "
             "murales. Six tables doubles sont disposées en deux rangées de trois, face au tableau. Au fond, un banc "
             "long et un bac à albums forment à la fois l’espace de regroupement et le coin lecture. La porte est sur "
             "le mur de droite, en bas ; les fenêtres sur le mur de gauche.")
    p.board("top", 160, 280)
    p.window("left", 110, 250)
    p.door("right", 385)
    p.furniture(24, 24, 120, 26, "Étagère murale", size=13)
    p.furniture(456, 24, 120, 26, "Étagère murale", size=13)
    p.zone("ecriture", 30, 110, 540, 240, "Tables de travail")
    for row in (150, 265):
        for x in (50, 235, 420):
            p.table(x, row, 130, 45, chairs=[("s", 35), ("s", 95)])
    p.zone("regroupement", 30, 370, 420, 110, "Regroupement et coin lecture")
    p.furniture(45, 430, 270, 36, "Banc long", size=14)
    p.furniture(330, 415, 100, 50, "Bac à albums", size=13, fill="#f3d9e8")
    return p


@plan
def grande_salle_70m2_poles():
    p = Plan(1000, 700, "Plan : une grande salle de 70 m² organisée en pôles",
             "Grande salle de 10 mètres sur 7 pour 12 élèves. Le tableau est au mur de gauche, avec devant lui "
             "l’espace de regroupement sur tapis. Trois îlots de quatre places sont au centre. Autour, six pôles : "
             "le coin lecture en haut à droite près de la porte, les jeux mathématiques autour d’une table ronde à "
             "droite, l’espace numérique avec trois tablettes en bas à droite, le coin calme en bas au centre et "
             "l’atelier dirigé à la table en haricot en bas à gauche. Les fenêtres sont sur le mur du bas.")
    p.board("left", 200, 300)
    p.window("bottom", 560, 160)
    p.window("bottom", 780, 180)
    p.door("top", 880)
    p.zone("regroupement", 40, 140, 200, 340, "Regroupement")
    p.rug(60, 200, 160, 240, "Tapis")
    for k, (x, y) in enumerate([(300, 80), (300, 330), (510, 205)]):
        p.table(x, y, 130, 50, chairs=[("n", 35), ("n", 95)])
        p.table(x, y + 50, 130, 50, chairs=[("s", 35), ("s", 95)])
        p.label(x + 65, y + 56, f"Îlot {k + 1}", size=16, weight="bold")
    p.zone("coin-lecture", 650, 24, 210, 170, "Coin lecture")
    p.furniture(670, 130, 170, 36, "Présentoir", size=14, fill="#f3d9e8")
    p.zone("jeux-mathematiques", 710, 230, 270, 200, "Jeux mathématiques")
    p.round_table(850, 340, 45, 4, label="Jeux")
    p.zone("numerique", 780, 460, 200, 210, "Numérique")
    p.table(815, 560, 130, 50, chairs=[("n", 25), ("n", 65), ("n", 105)], label="3 tablettes")
    p.zone("calme", 530, 470, 230, 200, "Coin calme")
    p.furniture(570, 560, 150, 60, "Coussins", size=14, fill="#f3d9e8")
    p.zone("ateliers", 250, 490, 260, 180, "Atelier dirigé")
    p.haricot(290, 560, pupils=4)
    return p


@plan
def coin_lecture_accueillant():
    p = Plan(800, 600, "Plan : un coin lecture qui donne envie de lire",
             "Salle de 8 mètres sur 6 pour 12 élèves. Le tableau est au mur de droite, devant l’espace de "
             "regroupement. Trois îlots de quatre places occupent la moitié gauche et le centre. En bas à gauche, "
             "près des fenêtres, un grand coin lecture : présentoir de livres face couverture le long du mur, tapis, "
             "banquette, coussins et bac de la sélection de la semaine. En haut à droite, les bacs d’autonomie. La "
             "porte est en haut à gauche.")
    p.board("right", 170, 260)
    p.window("bottom", 90, 400)
    p.door("top", 40)
    p.zone("regroupement", 580, 160, 190, 290, "Regroupement")
    p.rug(600, 220, 130, 200, "Tapis")
    p.zone("autonomie", 580, 24, 190, 115, "Autonomie")
    p.furniture(595, 75, 160, 36, "Bacs d’autonomie", size=14)
    for k, (x, y) in enumerate([(180, 70), (390, 70), (390, 320)]):
        p.table(x, y, 130, 50, chairs=[("n", 35), ("n", 95)])
        p.table(x, y + 50, 130, 50, chairs=[("s", 35), ("s", 95)])
        p.label(x + 65, y + 56, f"Îlot {k + 1}", size=16, weight="bold")
    p.zone("coin-lecture", 30, 300, 320, 280, "Coin lecture")
    p.furniture(40, 340, 30, 220, "Présentoir face couverture", size=13, fill="#f3d9e8", vertical=True)
    p.rug(90, 380, 170, 130, "Tapis")
    p.furniture(90, 530, 200, 34, "Banquette", size=14)
    p.furniture(262, 380, 70, 60, "Bac", size=13, fill="#fff4d6")
    p.label(295, 460, "Sélection", size=13)
    p.label(295, 478, "de la semaine", size=13)
    return p


if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for slug, fn in PLANS.items():
        with open(os.path.join(out, f"{slug}.svg"), "w", encoding="utf-8") as f:
            f.write(fn().svg())
        print(slug)
