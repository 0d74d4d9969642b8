"""The 统一社会信用代码 (unified social credit code) of [GB32100] and its check character (§4.4)."""

from __future__ import annotations

#: GB 32100-2015 code characters (no I, O, S, V, Z) and position weights of the check character.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_digit(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 (GB 32100-2015 §4.4, modulus 31).

    C₁₈ = 31 − (Σ value(cᵢ)·wᵢ mod 31), with 31 written as '0'.

    The code often quoted as the standard's example, 91350100M000100Y43:

    >>> credit_code_check_digit("91350100M000100Y4")
    '3'
    """
    if len(first17) != 17 or any(c not in CREDIT_CODE_CHARS for c in first17):
        raise ValueError(f"the first 17 characters must come from {CREDIT_CODE_CHARS!r}: {first17!r}")
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    """18 characters of the GB 32100 set with a correct check character."""
    code = str(code).strip().upper()
    return (len(code) == 18 and all(c in CREDIT_CODE_CHARS for c in code)
            and credit_code_check_digit(code[:17]) == code[17])
