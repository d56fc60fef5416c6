"""The window sizes the browser tests open pages at."""

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}  # WCAG 1.4.10: content reflows down to 320 CSS pixels
