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


def credit_code_problem(code: str) -> str:
    """Why ``code`` is not a valid 统一社会信用代码, in a sentence the clerk can act on ('' when it is valid).

    A wrong 18th character is answered with the one GB 32100-2015 §4.4 gives for the first 17:

    >>> credit_code_problem("91350100M000100Y43")
    ''
    >>> credit_code_problem("91350100M000100Y44")
    "校验码 (第 18 位) 应为 '3', 填写为 '4' (GB 32100-2015 §4.4); 请核对营业执照上的代码"
    >>> credit_code_problem("91350100M00010")
    '应为 18 位, 填写了 14 位 (GB 32100-2015)'
    """
    text = str(code).strip().upper()
    if len(text) != 18:
        return f"应为 18 位, 填写了 {len(text)} 位 (GB 32100-2015)"
    wrong = [f"第 {i} 位 '{c}'" for i, c in enumerate(text, start=1) if c not in CREDIT_CODE_CHARS]
    if wrong:
        return (f"含代码字符集以外的字符: {'、'.join(wrong)} (GB 32100-2015 只用数字和 I、O、S、V、Z 以外的大写字母)")
    expected = credit_code_check_digit(text[:17])
    if expected != text[17]:
        return (f"校验码 (第 18 位) 应为 '{expected}', 填写为 '{text[17]}' (GB 32100-2015 §4.4); "
                "请核对营业执照上的代码")
    return ""
