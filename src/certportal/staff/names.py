"""How the back office writes a person's name."""

import re
from typing import Any

# Han characters, with the CJK punctuation and full-width forms a name may carry.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def full_name(user: Any) -> str:
    """A person's name: 王秀英 in Chinese order with no space, else "Ada Lovelace".

    Falls back to the username when the account has no name.
    """
    first = (getattr(user, "first_name", "") or "").strip()
    last = (getattr(user, "last_name", "") or "").strip()
    if CJK.search(first) or CJK.search(last):
        name = f"{last}{first}"
    else:
        name = " ".join(part for part in (first, last) if part)
    return name or user.get_username()
