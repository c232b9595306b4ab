"""Character classes shared by normalization and the extractors.

>>> import re
>>> bool(re.fullmatch(rf"[{DASH}]", "–")), bool(re.fullmatch(rf"[{UPPER}]+", "ỦY")), "ệ" in LOWER
(True, True, True)
"""

DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"  # characters to treat as one dash in patterns: [{DASH}]
# every capital and small letter up to Vietnamese's (Latin Extended Additional), for classes: [{UPPER}], [{LOWER}]
UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isalpha() and c.isupper())
LOWER = "".join(c for c in map(chr, range(0x61, 0x1EFA)) if c.isalpha() and c.islower())
