"""One colour per layer, each far from every other and readable on the theme's background.

The pictures draw a line and a bar per layer (gradient health, the cost of each layer's
update). A theme's own colours do not do for that: a theme has six, some of them alike
(its warning and its accent), some of them dark on a dark background. So the layers get
colours of their own, chosen in OKLCH (a perceptual space: equal steps look equal): eight
hues 45° apart, in an order where the first few are as far apart as can be (25°, 205°,
115°, 295°, …), at one lightness that reads well on the background (light on a dark one,
dark on a light one); from the ninth layer on, the same hues turned half a step, at another
lightness. ``tests/app/test_pictures.py`` checks every pair of the first twelve differs by
a clear margin (a distance in OKLab several times the least a reader sees) and each stands
out from both the dark and the light theme's background.

Nothing here knows Textual: colours are ``(r, g, b)`` in 0..255.
"""

from __future__ import annotations

import math

HUES = (25.0, 205.0, 115.0, 295.0, 70.0, 250.0, 160.0, 340.0)
"""OKLCH hues of the first eight layers, the first few as far apart as can be."""
CHROMA = 0.15
"""How colourful (OKLCH chroma), lowered where a hue at that lightness leaves sRGB."""
LIGHTNESS = {"dark": (0.80, 0.66), "light": (0.50, 0.38)}
"""OKLCH lightness of the first eight layers and of the next eight, on a dark or a light background."""

RGB = tuple[int, int, int]


def layer_colours(background: RGB, count: int = 2 * len(HUES)) -> list[RGB]:
    """``count`` colours for layers 1, 2, … on ``background`` (after 16 they repeat)."""
    first, second = LIGHTNESS["dark" if luminance(background) < 0.25 else "light"]
    colours = [oklch(first, CHROMA, hue) for hue in HUES]
    colours += [oklch(second, CHROMA, hue + 180 / len(HUES)) for hue in HUES]
    return [colours[i % len(colours)] for i in range(count)]


def oklch(lightness: float, chroma: float, hue: float) -> RGB:
    """The sRGB colour of an OKLCH one, its chroma lowered until it is in the sRGB gamut."""
    while True:
        rgb = _oklab_to_linear(lightness, chroma * math.cos(math.radians(hue)), chroma * math.sin(math.radians(hue)))
        if all(-1e-9 <= c <= 1 + 1e-9 for c in rgb) or chroma <= 0:
            return tuple(round(_encoded(min(1.0, max(0.0, c))) * 255) for c in rgb)  # type: ignore[return-value]
        chroma -= 0.005


def oklab(rgb: RGB) -> tuple[float, float, float]:
    """An sRGB colour in OKLab (lightness, a, b)."""
    r, g, b = (_linear(c / 255) for c in rgb)
    l = (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3)
    m = (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3)
    s = (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3)
    return (0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
            1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
            0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s)


def luminance(rgb: RGB) -> float:
    """Relative luminance (WCAG): 0 black, 1 white."""
    r, g, b = (_linear(c / 255) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """The WCAG contrast ratio of two colours, 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _oklab_to_linear(lightness: float, a: float, b: float) -> tuple[float, float, float]:
    l = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
            -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
            -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _encoded(c: float) -> float:
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055
