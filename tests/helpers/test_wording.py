"""Tests of helpers.wording."""

from helpers import results, wording


def test_compare_errors_words_the_gap_both_ways():
    """The phrase carries its comparison word, and a gap that rounds to 0 reads 'as many as'."""
    assert wording.compare_errors([90, 92], [150, 152]) == (60.0, "60 fewer errors than", "60 خطا کمتر از")
    assert wording.compare_errors([151], [150]) == (-1.0, "1 more error than", "1 خطا بیشتر از")
    assert wording.compare_errors([100, 101], [100, 100.6]) == (0.0, "as many errors as", "به اندازهٔ")


def test_compare_errors_subtracts_the_means_as_shown():
    """150.33 and 162.67 are shown as 150 and 163, so the text says 13 fewer (not round(12.33) = 12)."""
    fewer, more = [150, 150, 151], [162, 163, 163]
    assert results.mean_sd(fewer).split()[0] == "150" and results.mean_sd(more).split()[0] == "163"
    assert wording.compare_errors(fewer, more)[:2] == (13.0, "13 fewer errors than")


def test_compare_errors_band_reads_about_as_many():
    """Inside the relative band the phrase says 'about as many'; outside it gives the count."""
    assert wording.compare_errors([510], [500], band=0.05)[1:] == ("about as many errors as", "تقریباً به اندازهٔ")
    assert wording.compare_errors([400], [500], band=0.05)[1:] == ("100 fewer errors than", "100 خطا کمتر از")
