"""ImageView: an RGB picture drawn in the terminal with half-block characters.

Each terminal cell shows two pixels stacked: the character "▀" takes the upper pixel
as its foreground colour and the lower pixel as its background colour (truecolor).
A 64x64 image fills 64 columns and 32 rows. An image larger than the widget is
shrunk to fit, each shown pixel the average of the block of pixels it covers; one that
fits two or more times over grows by a whole factor. The lines are built once per image and size (Textual's line API).
"""

from __future__ import annotations

import numpy as np
from rich.color import Color, ColorTriplet, ColorType
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

UPPER_HALF = "▀"


def as_rgb8(image: np.ndarray) -> np.ndarray:
    """The image as ``(H, W, 3)`` uint8.

    Accepts ``(H, W, 3)`` or grey ``(H, W)`` / ``(H, W, 1)``, as floats in [0, 1]
    (clipped; NaN shows black) or integers in 0..255.
    """
    array = np.asarray(image)
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim == 2:
        array = np.repeat(array[:, :, None], 3, axis=2)
    if array.ndim != 3 or array.shape[2] != 3 or array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(f"an image must be (H, W, 3) or (H, W), got shape {np.shape(image)}")
    if array.dtype == np.uint8:
        return array
    if np.issubdtype(array.dtype, np.integer):
        return np.clip(array, 0, 255).astype(np.uint8)
    floats = np.nan_to_num(array.astype(np.float64), nan=0.0, posinf=1.0, neginf=0.0)
    return np.rint(np.clip(floats, 0.0, 1.0) * 255).astype(np.uint8)


def fit_size(height: int, width: int, max_columns: int, max_pixel_rows: int) -> tuple[int, int]:
    """The (height, width) in pixels to show an image at, keeping its aspect.

    An image that does not fit shrinks; one that fits twice or more grows by a whole
    factor (each pixel repeated), so small pictures stay sharp and readable.
    """
    if max_columns <= 0 or max_pixel_rows <= 0:
        return 0, 0
    scale = min(max_columns / width, max_pixel_rows / height)
    if scale >= 1:
        factor = int(scale)
        return height * factor, width * factor
    return max(1, int(height * scale)), max(1, int(width * scale))


def resample(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """``(H, W, 3)`` uint8 at ``(height, width)``: shrunk by averaging blocks of pixels, or
    grown by a whole factor (``height = k H``, ``width = k W``) repeating each pixel."""
    H, W = image.shape[:2]
    if (height, width) == (H, W):
        return image
    if height >= H and width >= W:
        return np.repeat(np.repeat(image, height // H, axis=0), width // W, axis=1)
    rows = (np.arange(height) * H) // height
    columns = (np.arange(width) * W) // width
    sums = np.add.reduceat(np.add.reduceat(image.astype(np.float64), rows, axis=0), columns, axis=1)
    counts = np.diff(np.append(rows, H))[:, None] * np.diff(np.append(columns, W))[None, :]
    return np.rint(sums / counts[:, :, None]).astype(np.uint8)


def truecolor(red: int, green: int, blue: int) -> Color:
    """The rich truecolor Color of an RGB triple (what ``Color.from_rgb`` makes, faster)."""
    name = f"#{_HEX[red]}{_HEX[green]}{_HEX[blue]}"
    return Color(name, ColorType.TRUECOLOR, triplet=ColorTriplet(red, green, blue))


_HEX = [f"{value:02x}" for value in range(256)]


def half_block_strips(pixels: np.ndarray) -> list[Strip]:
    """One Strip per pair of pixel rows of ``(h, w, 3)`` uint8: "▀" in upper-on-lower colours.

    Runs of cells with the same pair of colours share one Segment. With an odd number
    of rows the last line's lower half keeps the widget's background.
    """
    h, w = pixels.shape[:2]
    styles: dict[tuple[int, ...], Style] = {}
    strips = []
    for top in range(0, h, 2):
        upper = pixels[top].tolist()
        lower = pixels[top + 1].tolist() if top + 1 < h else None
        segments = []
        run_key: tuple[int, ...] | None = None
        run_length = 0
        for x in range(w):
            key = tuple(upper[x]) + (tuple(lower[x]) if lower is not None else ())
            if key == run_key:
                run_length += 1
                continue
            if run_key is not None:
                segments.append(Segment(UPPER_HALF * run_length, styles[run_key]))
            run_key, run_length = key, 1
            if key not in styles:
                styles[key] = Style.from_color(
                    truecolor(*key[:3]), truecolor(*key[3:]) if lower is not None else None
                )
        if run_key is not None:
            segments.append(Segment(UPPER_HALF * run_length, styles[run_key]))
        strips.append(Strip(segments, w))
    return strips


class ImageView(Widget):
    """Shows one RGB image, centred, two pixels per terminal cell.

    Set ``image`` (``(H, W, 3)`` floats in [0, 1] or uint8, or ``None`` for nothing);
    the widget repaints. ``shown_size`` is the (height, width) in pixels last drawn.
    """

    DEFAULT_CSS = """
    ImageView {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(
        self,
        image: np.ndarray | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._pixels: np.ndarray | None = None
        self._strips: list[Strip] = []
        self._strips_for: tuple[int, int] | None = None
        self.shown_size: tuple[int, int] = (0, 0)
        self.image = image

    @property
    def image(self) -> np.ndarray | None:
        """The image as ``(H, W, 3)`` uint8, or ``None``."""
        return self._pixels

    @image.setter
    def image(self, image: np.ndarray | None) -> None:
        self._pixels = None if image is None else as_rgb8(image)
        self._strips_for = None
        sized_by_content = any(d is not None and d.is_auto for d in (self.styles.width, self.styles.height))
        self.refresh(layout=sized_by_content)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        if self._pixels is None:
            return 0
        return fit_size(*self._pixels.shape[:2], container.width, 2 * max(1, viewport.height))[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self._pixels is None:
            return 0
        height, _ = fit_size(*self._pixels.shape[:2], width, 2 * max(1, container.height or viewport.height))
        return (height + 1) // 2

    def strips_for(self, size: Size) -> list[Strip]:
        """The image's lines for a content area of ``size`` cells (built once per size)."""
        key = (size.width, size.height)
        if self._strips_for != key:
            self._strips_for = key
            self._strips = []
            self.shown_size = (0, 0)
            if self._pixels is not None:
                height, width = fit_size(*self._pixels.shape[:2], size.width, 2 * size.height)
                if height and width:
                    self.shown_size = (height, width)
                    self._strips = half_block_strips(resample(self._pixels, height, width))
        return self._strips

    def render_line(self, y: int) -> Strip:
        size = self.content_size
        strips = self.strips_for(size)
        top = (size.height - len(strips)) // 2
        row = y - top
        if not 0 <= row < len(strips):
            return Strip.blank(size.width, self.rich_style)
        strip = strips[row].apply_style(self.rich_style)  # an odd last row: the widget's background below
        left = (size.width - strip.cell_length) // 2
        if left > 0:
            blank = Segment(" " * left, self.rich_style)
            return Strip([blank, *strip], left + strip.cell_length)
        return strip
