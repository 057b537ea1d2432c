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
