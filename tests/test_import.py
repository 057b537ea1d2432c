import subprocess
import sys


def test_importing_the_package_is_light() -> None:
    heavy = "('datasets', 'sklearn', 'pandas', 'matplotlib', 'dask')"
    code = f"import sys, arclassify, arclassify.text; print(sorted(m for m in {heavy} if m in sys.modules))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


def test_cli_help_does_not_load_datasets() -> None:
    code = "import sys; from arclassify.cli import main; print('datasets' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "False"


HEAVY_FOR_SCORING = "('sklearn', 'pandas', 'pyarrow', 'scipy.stats', 'datasets')"


def test_scoring_with_the_builtin_models_does_not_import_scikit_learn(tmp_path) -> None:
    # scikit-learn brings pandas and scipy.stats: they were most of a scoring process's start-up
    # and about 100 MB of its memory; loaded models hold plain classes and need none of it.
    records = tmp_path / "in.jsonl"
    records.write_text('{"id": "a", "title": "مناورات مشتركة", "text": "أجرت القوات البحرية مناورات مشتركة."}\n'
                       '{"id": "b", "title": "اقتصاد", "text": "ارتفعت أسعار النفط اليوم."}\n', encoding="utf-8")
    library = ("import sys, arclassify; models = arclassify.load_models(['topic', 'outlet', 'stance']); "
               "models.predict([{'title': 'عنوان', 'text': 'نص قصير عن الجيش'}]); "
               "models[0].explain('نص قصير عن الجيش'); "
               f"print(sorted(m for m in {HEAVY_FOR_SCORING} if m in sys.modules))")
    cli = ("import sys; from arclassify.cli import main\n"
           f"sys.argv = ['arclassify', 'predict', {str(records)!r}, '--task', 'all', '-o', {str(tmp_path / 'out.jsonl')!r}]\n"
           "try:\n    main()\nexcept SystemExit as done:\n    assert done.code in (0, None), done.code\n"
           f"print(sorted(m for m in {HEAVY_FOR_SCORING} if m in sys.modules))")
    for code in (library, cli):
        output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert output.strip().splitlines()[-1] == "[]", output
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 2
