# Entry points. `make run` and `make test` install what is missing first (see README).

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
PORT ?= 8080
DATA_DIR ?= data

.PHONY: all deps build test run demo bench format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)
	cmake --build $(BUILD_DIR)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j 2

run: build
	@echo "Exchange starting at http://localhost:$(PORT)/ (data in $(DATA_DIR)/)"
	$(BUILD_DIR)/bin/exchange --port $(PORT) --data-dir $(DATA_DIR) --web-dir frontend/build

demo: build
	scripts/demo.sh --port $(PORT) --build-dir $(BUILD_DIR)

bench: build
	$(BUILD_DIR)/bin/core_bench

format:
	find backend -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
