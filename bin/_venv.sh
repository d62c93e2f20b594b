# Shared by bin/run and bin/test (sourced, not run): find Python, create .venv,
# install the package when pyproject.toml changed since the last install.

QIAO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$QIAO_ROOT/.venv"
VENV_PY="$VENV/bin/python"

say() { if [ -t 2 ]; then printf '\033[1m==> %s\033[0m\n' "$*" >&2; else printf '==> %s\n' "$*" >&2; fi; }

ensure_venv() {
    # Usage: ensure_venv "" | ensure_venv test   (the extras to install)
    local extras="$1" python="${PYTHON:-python3}"
    if [ ! -x "$VENV_PY" ]; then
        if ! command -v "$python" >/dev/null 2>&1; then
            echo "error: $python not found; install Python 3.11 or newer (or set PYTHON=/path/to/python3)" >&2
            exit 1
        fi
        if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
            echo "error: Qiao needs Python 3.11 or newer; $python is $("$python" -V 2>&1)" >&2
            exit 1
        fi
        say "Creating .venv with $("$python" -V 2>&1)"
        "$python" -m venv "$VENV"
    fi
    local spec="." stamp="$VENV/.qiao-installed"
    if [ -n "$extras" ]; then
        spec=".[$extras]"
        stamp="$VENV/.qiao-installed-$extras"
    fi
    local digest
    digest="$("$VENV_PY" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$QIAO_ROOT/pyproject.toml")"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
        return 0
    fi
    say "Installing Qiao and its dependencies ($spec) into .venv; the first time takes a few minutes (log: .venv/pip.log)"
    if ! (cd "$QIAO_ROOT" && "$VENV_PY" -m pip install --disable-pip-version-check -e "$spec") >"$VENV/pip.log" 2>&1; then
        tail -n 30 "$VENV/pip.log" >&2
        echo "error: pip install failed; the whole log is in .venv/pip.log" >&2
        exit 1
    fi
    echo "$digest" >"$stamp"
}
