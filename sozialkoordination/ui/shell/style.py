"""The application's widget style: Fusion, with check boxes and radio buttons that grow with the font.

Fusion draws its indicators 14 px square whatever the font: at 200 % text size a check box is a quarter of a
letter's height beside its label and hard to hit. The proxy scales the indicator metrics with the font's line
height (never below Fusion's own size)."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory

_INDICATORS = frozenset(
    {
        QStyle.PixelMetric.PM_IndicatorWidth,
        QStyle.PixelMetric.PM_IndicatorHeight,
        QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
        QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
    }
)
_BASE_LINE_HEIGHT = 16  # Fusion's indicator fits a 9–10 pt font's line of about 16 px at 96 dpi


class FontScaledStyle(QProxyStyle):
    def __init__(self):
        super().__init__(QStyleFactory.create("Fusion"))
        self.setObjectName("fontScaledStyle")

    def pixelMetric(self, metric, option=None, widget=None) -> int:  # noqa: N802 - Qt API
        value = super().pixelMetric(metric, option, widget)
        if metric in _INDICATORS:
            # Fusion already scales its 14 px with the logical DPI; the font may be larger than the DPI says.
            font = widget.font() if widget is not None else QGuiApplication.font()
            screen = widget.screen() if widget is not None else QGuiApplication.primaryScreen()
            dpi = screen.logicalDotsPerInchY() if screen is not None else 96.0
            line = QFontMetrics(font).height()
            expected = _BASE_LINE_HEIGHT * dpi / 96.0
            if line > expected:
                return max(value, round(value * line / expected))
        return value
