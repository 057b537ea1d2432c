from arclassify.metrics import classification_report, confusion_total, summarize_folds


def test_single_label_report_with_unknown() -> None:
    truth = ["a", "a", "b", "b", "unknown"]
    predicted = ["a", "unknown", "b", "a", "unknown"]
    report = classification_report(truth, predicted, ["a", "b"], multi_label=False)
    assert report["per_label"]["a"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert report["per_label"]["unknown"]["recall"] == 1.0
    assert report["confusion"]["labels"] == ["a", "b", "unknown"]
    assert report["confusion"]["matrix"] == [[1, 0, 1], [1, 1, 0], [0, 0, 1]]
    assert report["accuracy"] == 0.6


def test_multi_label_report() -> None:
    truth = [["a"], ["a", "b"], [], ["b"]]
    predicted = [["a"], ["a"], ["b"], ["b"]]
    report = classification_report(truth, predicted, ["a", "b", "c"], multi_label=True)
    assert report["per_label"]["b"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert report["per_label"]["c"]["support"] == 0
    assert report["macro"]["f1"] == round((1.0 + 0.5) / 2, 4)  # c has no example: not averaged
    assert report["exact_match"] == 0.5


def test_fold_summary_and_confusion_sum() -> None:
    one = classification_report(["a", "b"], ["a", "a"], ["a", "b"], False)
    two = classification_report(["a", "b"], ["a", "b"], ["a", "b"], False)
    summary = summarize_folds([one, two])
    assert summary["macro_f1"]["max"] == 1.0 and summary["folds"] == 2
    assert summary["per_label_f1"]["b"]["mean"] == 0.5
    assert confusion_total([one, two])["matrix"] == [[2, 0], [1, 1]]
