.PHONY: install test slow lint bench

install:
	python3 -m pip install -q -e '.[dev]'

test: install
	ruff check ssl_colorize tests benchmarks
	python3 -m pytest -q

slow: install
	python3 -m pytest -q -m slow

bench: install
	python3 benchmarks/throughput.py --data-dir ../shared/data/cifar10
