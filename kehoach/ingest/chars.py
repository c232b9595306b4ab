"""Character classes shared by normalization and the extractors.

>>> import re
>>> bool(re.fullmatch(rf"[{DASH}]", "–"))
True
"""

DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"  # characters to treat as one dash in patterns: [{DASH}]
