"""Words for a comparison whose direction depends on the run, in English and Persian.

A chapter's prose cannot say "12 fewer errors" before the run has decided whether there are fewer or
more; :func:`compare_errors` gives a phrase that carries its own comparison word, to be glued into
both languages (``results.glue``) and followed in the text by what is compared with.
"""

from __future__ import annotations


def compare_errors(fewer, more, band: float = 0.0) -> tuple[float, str, str]:
    """How many errors ``fewer`` makes against ``more`` on average, as a phrase in English and Persian.

    Returns ``(gap, en, fa)``. ``gap`` is the difference of the two means as the text shows them,
    rounded to whole errors as :func:`helpers.results.mean_sd` rounds them (positive when ``fewer`` is better), so a
    reader who subtracts the shown means gets the same number. The phrase carries its own comparison
    word, so the sentence stays grammatical and true whichever way a run goes; it is followed by what
    is compared with: ``en`` is ``"12 fewer errors than"``, ``"as many errors as"`` or ``"3 more errors
    than"``; ``fa`` is ``"12 خطا کمتر از"``, ``"به اندازهٔ"`` or ``"3 خطا بیشتر از"``. With ``band`` > 0,
    a difference of the means within ``band`` × mean(``more``) reads ``"about as many errors as"`` /
    ``"تقریباً به اندازهٔ"``.
    """
    mean_fewer = sum(float(v) for v in fewer) / len(fewer)
    mean_more = sum(float(v) for v in more) / len(more)
    gap = float(f"{mean_more:.0f}") - float(f"{mean_fewer:.0f}")
    size = int(abs(gap))
    if band > 0 and abs(mean_more - mean_fewer) <= band * mean_more:
        return gap, "about as many errors as", "تقریباً به اندازهٔ"
    if size == 0:
        return gap, "as many errors as", "به اندازهٔ"
    noun = "error" if size == 1 else "errors"
    if gap > 0:
        return gap, f"{size} fewer {noun} than", f"{size} خطا کمتر از"
    return gap, f"{size} more {noun} than", f"{size} خطا بیشتر از"
